-- CreateTable
CREATE TABLE "Runbook" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "specJson" TEXT NOT NULL,
    "nextRunAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "RunbookRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runbookId" TEXT NOT NULL,
    "specJson" TEXT NOT NULL,
    "setsJson" TEXT NOT NULL DEFAULT '[]',
    "state" TEXT NOT NULL DEFAULT 'running',
    "trigger" TEXT NOT NULL,
    "scheduledFor" DATETIME,
    "requestedBy" TEXT NOT NULL,
    "stepKey" TEXT NOT NULL,
    "archiveLabel" TEXT NOT NULL,
    "pointInTime" DATETIME,
    "frozenSince" DATETIME,
    "thawJobId" TEXT,
    "frozenMs" INTEGER NOT NULL DEFAULT 0,
    "backupWrites" INTEGER,
    "approvedAt" DATETIME,
    "approvedBy" TEXT,
    "cancelRequestedAt" DATETIME,
    "errorStep" TEXT,
    "errorHost" TEXT,
    "errorCode" TEXT,
    "errorObject" TEXT,
    "errorMessage" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    CONSTRAINT "RunbookRun_runbookId_fkey" FOREIGN KEY ("runbookId") REFERENCES "Runbook" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RunbookStep" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "hostName" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'running',
    "actionsJson" TEXT NOT NULL,
    "cursor" INTEGER NOT NULL DEFAULT 0,
    "jobIdsJson" TEXT NOT NULL DEFAULT '[]',
    "logJson" TEXT NOT NULL DEFAULT '[]',
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "errorMessage" TEXT,
    CONSTRAINT "RunbookStep_runId_fkey" FOREIGN KEY ("runId") REFERENCES "RunbookRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RunbookCustody" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "holder" TEXT,
    "stepKey" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    CONSTRAINT "RunbookCustody_runId_fkey" FOREIGN KEY ("runId") REFERENCES "RunbookRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Archive" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runbookId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "hostName" TEXT NOT NULL,
    "targetDir" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "dir" TEXT NOT NULL,
    "pointInTime" DATETIME,
    "manifestJson" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" DATETIME,
    CONSTRAINT "Archive_runbookId_fkey" FOREIGN KEY ("runbookId") REFERENCES "Runbook" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Archive_runId_fkey" FOREIGN KEY ("runId") REFERENCES "RunbookRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ArchiveVolume" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "archiveId" TEXT NOT NULL,
    "setShadow" TEXT NOT NULL,
    "volume" TEXT NOT NULL,
    "file" TEXT NOT NULL,
    "sizeBytes" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,
    CONSTRAINT "ArchiveVolume_archiveId_fkey" FOREIGN KEY ("archiveId") REFERENCES "Archive" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Runbook_name_key" ON "Runbook"("name");

-- CreateIndex
CREATE INDEX "Runbook_nextRunAt_idx" ON "Runbook"("nextRunAt");

-- CreateIndex
CREATE INDEX "RunbookRun_state_idx" ON "RunbookRun"("state");

-- CreateIndex
CREATE INDEX "RunbookRun_runbookId_createdAt_idx" ON "RunbookRun"("runbookId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "RunbookRun_runbookId_scheduledFor_key" ON "RunbookRun"("runbookId", "scheduledFor");

-- CreateIndex
CREATE INDEX "RunbookStep_runId_startedAt_idx" ON "RunbookStep"("runId", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "RunbookStep_runId_key_attempt_key" ON "RunbookStep"("runId", "key", "attempt");

-- CreateIndex
CREATE INDEX "RunbookCustody_runId_at_idx" ON "RunbookCustody"("runId", "at");

-- CreateIndex
CREATE INDEX "Archive_runbookId_createdAt_idx" ON "Archive"("runbookId", "createdAt");

-- CreateIndex
CREATE INDEX "ArchiveVolume_setShadow_idx" ON "ArchiveVolume"("setShadow");
