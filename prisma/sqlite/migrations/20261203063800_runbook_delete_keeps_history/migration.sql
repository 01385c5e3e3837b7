-- Deleting a runbook keeps its runs and archives (server/runbooks/delete-runbook.ts): both
-- relations become optional (ON DELETE SET NULL) and a run keeps its runbook's name.
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Archive" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runbookId" TEXT,
    "runId" TEXT NOT NULL,
    "hostName" TEXT NOT NULL,
    "targetDir" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "dir" TEXT NOT NULL,
    "pointInTime" DATETIME,
    "manifestJson" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" DATETIME,
    CONSTRAINT "Archive_runbookId_fkey" FOREIGN KEY ("runbookId") REFERENCES "Runbook" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Archive_runId_fkey" FOREIGN KEY ("runId") REFERENCES "RunbookRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Archive" ("createdAt", "deletedAt", "dir", "hostName", "id", "label", "manifestJson", "pointInTime", "runId", "runbookId", "targetDir") SELECT "createdAt", "deletedAt", "dir", "hostName", "id", "label", "manifestJson", "pointInTime", "runId", "runbookId", "targetDir" FROM "Archive";
DROP TABLE "Archive";
ALTER TABLE "new_Archive" RENAME TO "Archive";
CREATE INDEX "Archive_runbookId_createdAt_idx" ON "Archive"("runbookId", "createdAt");
CREATE TABLE "new_RunbookRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runbookId" TEXT,
    "runbookName" TEXT NOT NULL,
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
    CONSTRAINT "RunbookRun_runbookId_fkey" FOREIGN KEY ("runbookId") REFERENCES "Runbook" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
-- Hand-edited: runbookName is new and NOT NULL; every existing run still has its runbook (the
-- relation cascaded until now), so it is filled from there.
INSERT INTO "new_RunbookRun" ("approvedAt", "approvedBy", "archiveLabel", "backupWrites", "cancelRequestedAt", "createdAt", "errorCode", "errorHost", "errorMessage", "errorObject", "errorStep", "finishedAt", "frozenMs", "frozenSince", "id", "pointInTime", "requestedBy", "runbookId", "runbookName", "scheduledFor", "setsJson", "specJson", "state", "stepKey", "thawJobId", "trigger", "version") SELECT "approvedAt", "approvedBy", "archiveLabel", "backupWrites", "cancelRequestedAt", "createdAt", "errorCode", "errorHost", "errorMessage", "errorObject", "errorStep", "finishedAt", "frozenMs", "frozenSince", "id", "pointInTime", "requestedBy", "runbookId", (SELECT "name" FROM "Runbook" WHERE "Runbook"."id" = "RunbookRun"."runbookId"), "scheduledFor", "setsJson", "specJson", "state", "stepKey", "thawJobId", "trigger", "version" FROM "RunbookRun";
DROP TABLE "RunbookRun";
ALTER TABLE "new_RunbookRun" RENAME TO "RunbookRun";
CREATE INDEX "RunbookRun_state_idx" ON "RunbookRun"("state");
CREATE INDEX "RunbookRun_runbookId_createdAt_idx" ON "RunbookRun"("runbookId", "createdAt");
CREATE UNIQUE INDEX "RunbookRun_runbookId_scheduledFor_key" ON "RunbookRun"("runbookId", "scheduledFor");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
