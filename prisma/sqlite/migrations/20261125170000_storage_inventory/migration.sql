-- CreateTable
CREATE TABLE "DiskGroup" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "hostId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "dir" TEXT NOT NULL,
    "owner" TEXT,
    "importGeneration" INTEGER NOT NULL,
    "volumesStarted" BOOLEAN NOT NULL,
    "damaged" TEXT,
    "reportedAt" DATETIME NOT NULL,
    CONSTRAINT "DiskGroup_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Host" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Volume" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "diskGroupId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "sizeBytes" BIGINT NOT NULL,
    "role" TEXT,
    "usedBy" TEXT,
    CONSTRAINT "Volume_diskGroupId_fkey" FOREIGN KEY ("diskGroupId") REFERENCES "DiskGroup" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "VolumeSet" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "hostId" TEXT NOT NULL,
    "shadow" TEXT NOT NULL,
    "master" TEXT NOT NULL,
    "bitmap" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "groupName" TEXT,
    "flags" INTEGER NOT NULL,
    "statusJson" TEXT NOT NULL,
    "reportedAt" DATETIME NOT NULL,
    CONSTRAINT "VolumeSet_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Host" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "DiskGroup_name_idx" ON "DiskGroup"("name");

-- CreateIndex
CREATE UNIQUE INDEX "DiskGroup_hostId_name_key" ON "DiskGroup"("hostId", "name");

-- CreateIndex
CREATE INDEX "Volume_path_idx" ON "Volume"("path");

-- CreateIndex
CREATE UNIQUE INDEX "Volume_diskGroupId_name_key" ON "Volume"("diskGroupId", "name");

-- CreateIndex
CREATE INDEX "VolumeSet_hostId_groupName_idx" ON "VolumeSet"("hostId", "groupName");

-- CreateIndex
CREATE UNIQUE INDEX "VolumeSet_hostId_shadow_key" ON "VolumeSet"("hostId", "shadow");
