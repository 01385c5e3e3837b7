-- CreateTable
CREATE TABLE "DiskGroupHolder" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT,
    "source" TEXT NOT NULL,
    "jobId" TEXT,
    "reportedBy" TEXT,
    "recordedAt" DATETIME NOT NULL
);
