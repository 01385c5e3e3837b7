-- CreateTable
CREATE TABLE "AgentCredential" (
    "id" TEXT NOT NULL,
    "hostId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "AgentCredential_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EnrolmentToken" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "hostName" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "usedByHostId" TEXT,

    CONSTRAINT "EnrolmentToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT,
    "action" TEXT NOT NULL,
    "object" TEXT,
    "detailJson" TEXT,
    "result" TEXT NOT NULL,
    "fromAddress" TEXT,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DiskGroupHolder" (
    "name" TEXT NOT NULL,
    "holder" TEXT,
    "source" TEXT NOT NULL,
    "jobId" TEXT,
    "reportedBy" TEXT,
    "recordedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DiskGroupHolder_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "Host" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "agentVersion" TEXT,
    "protocolVersion" INTEGER,
    "lastHeartbeat" TIMESTAMP(3),
    "inventoryGzip" BYTEA,
    "inventoryJson" TEXT,
    "inventoryAt" TIMESTAMP(3),
    "inventoryCollectedAt" TIMESTAMP(3),
    "inventoryDigest" TEXT,
    "inventoryWantedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Host_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobEvent" (
    "id" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "type" TEXT NOT NULL,
    "message" TEXT,
    "progressJson" TEXT,
    "pointInTimeJson" TEXT,

    CONSTRAINT "JobEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL,
    "hostId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "argsJson" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'queued',
    "phase" TEXT,
    "progressJson" TEXT,
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "leaseExpiresAt" TIMESTAMP(3),
    "deadlineSeconds" INTEGER NOT NULL,
    "deadlineAt" TIMESTAMP(3),
    "cancelRequestedAt" TIMESTAMP(3),
    "requestedById" TEXT,
    "idempotencyKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "errorObject" TEXT,
    "resultJson" TEXT,

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobLock" (
    "key" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JobLock_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Runbook" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "specJson" TEXT NOT NULL,
    "nextRunAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Runbook_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunbookRun" (
    "id" TEXT NOT NULL,
    "runbookId" TEXT,
    "runbookName" TEXT NOT NULL,
    "specJson" TEXT NOT NULL,
    "setsJson" TEXT NOT NULL DEFAULT '[]',
    "state" TEXT NOT NULL DEFAULT 'running',
    "trigger" TEXT NOT NULL,
    "scheduledFor" TIMESTAMP(3),
    "requestedBy" TEXT NOT NULL,
    "stepKey" TEXT NOT NULL,
    "archiveLabel" TEXT NOT NULL,
    "pointInTime" TIMESTAMP(3),
    "frozenSince" TIMESTAMP(3),
    "thawJobId" TEXT,
    "frozenMs" INTEGER NOT NULL DEFAULT 0,
    "copyMs" INTEGER,
    "resumeJobId" TEXT,
    "warningsJson" TEXT NOT NULL DEFAULT '[]',
    "backupWrites" INTEGER,
    "approvedAt" TIMESTAMP(3),
    "approvedBy" TEXT,
    "cancelRequestedAt" TIMESTAMP(3),
    "rejoinRequestedAt" TIMESTAMP(3),
    "rejoinForced" BOOLEAN NOT NULL DEFAULT false,
    "rejoinedAt" TIMESTAMP(3),
    "errorStep" TEXT,
    "errorHost" TEXT,
    "errorCode" TEXT,
    "errorObject" TEXT,
    "errorMessage" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "RunbookRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunbookStep" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "hostName" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'running',
    "actionsJson" TEXT NOT NULL,
    "cursor" INTEGER NOT NULL DEFAULT 0,
    "jobIdsJson" TEXT NOT NULL DEFAULT '[]',
    "logJson" TEXT NOT NULL DEFAULT '[]',
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "errorMessage" TEXT,

    CONSTRAINT "RunbookStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunbookCustody" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "holder" TEXT,
    "stepKey" TEXT NOT NULL,
    "note" TEXT NOT NULL,

    CONSTRAINT "RunbookCustody_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Archive" (
    "id" TEXT NOT NULL,
    "runbookId" TEXT,
    "runId" TEXT NOT NULL,
    "hostName" TEXT NOT NULL,
    "targetDir" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "dir" TEXT NOT NULL,
    "pointInTime" TIMESTAMP(3),
    "manifestJson" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "Archive_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ArchiveVolume" (
    "id" TEXT NOT NULL,
    "archiveId" TEXT NOT NULL,
    "setShadow" TEXT NOT NULL,
    "volume" TEXT NOT NULL,
    "file" TEXT NOT NULL,
    "sizeBytes" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,

    CONSTRAINT "ArchiveVolume_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "fromAddress" TEXT,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SignInAttempt" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "username" TEXT NOT NULL,
    "fromAddress" TEXT,
    "outcome" TEXT NOT NULL,

    CONSTRAINT "SignInAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DiskGroup" (
    "id" TEXT NOT NULL,
    "hostId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "dir" TEXT NOT NULL,
    "owner" TEXT,
    "importGeneration" INTEGER NOT NULL,
    "volumesStarted" BOOLEAN NOT NULL,
    "damaged" TEXT,
    "reportDigest" TEXT,
    "reportedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DiskGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Volume" (
    "id" TEXT NOT NULL,
    "diskGroupId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "sizeBytes" BIGINT NOT NULL,
    "role" TEXT,
    "usedBy" TEXT,
    "filesystem" TEXT,
    "fsId" TEXT,
    "sharingMechanism" TEXT,
    "sharingReason" TEXT,

    CONSTRAINT "Volume_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VolumeSet" (
    "id" TEXT NOT NULL,
    "hostId" TEXT NOT NULL,
    "shadow" TEXT NOT NULL,
    "master" TEXT NOT NULL,
    "bitmap" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "groupName" TEXT,
    "flags" INTEGER NOT NULL,
    "statusJson" TEXT NOT NULL,
    "consistencyMode" TEXT NOT NULL DEFAULT 'scan',
    "sharingMechanism" TEXT,
    "consistencyReason" TEXT,
    "consistencyRequested" TEXT,
    "cloneTakenAt" TIMESTAMP(3),
    "cloneMs" DOUBLE PRECISION,
    "cloneMasterExtents" INTEGER,
    "cloneHeldBytes" BIGINT,
    "lastUpdateDetection" TEXT,
    "lastUpdateNote" TEXT,
    "reportedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VolumeSet_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'viewer',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disabledAt" TIMESTAMP(3),

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AgentCredential_tokenHash_key" ON "AgentCredential"("tokenHash");

-- CreateIndex
CREATE INDEX "AgentCredential_hostId_idx" ON "AgentCredential"("hostId");

-- CreateIndex
CREATE UNIQUE INDEX "EnrolmentToken_tokenHash_key" ON "EnrolmentToken"("tokenHash");

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

-- CreateIndex
CREATE INDEX "AuditEntry_object_idx" ON "AuditEntry"("object");

-- CreateIndex
CREATE UNIQUE INDEX "Host_name_key" ON "Host"("name");

-- CreateIndex
CREATE UNIQUE INDEX "JobEvent_jobId_attempt_seq_key" ON "JobEvent"("jobId", "attempt", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "Job_idempotencyKey_key" ON "Job"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Job_hostId_state_createdAt_idx" ON "Job"("hostId", "state", "createdAt");

-- CreateIndex
CREATE INDEX "Job_state_leaseExpiresAt_idx" ON "Job"("state", "leaseExpiresAt");

-- CreateIndex
CREATE INDEX "Job_createdAt_idx" ON "Job"("createdAt");

-- CreateIndex
CREATE INDEX "JobLock_jobId_idx" ON "JobLock"("jobId");

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

-- CreateIndex
CREATE UNIQUE INDEX "Session_tokenHash_key" ON "Session"("tokenHash");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "SignInAttempt_username_at_idx" ON "SignInAttempt"("username", "at");

-- CreateIndex
CREATE INDEX "SignInAttempt_fromAddress_at_idx" ON "SignInAttempt"("fromAddress", "at");

-- CreateIndex
CREATE INDEX "SignInAttempt_at_idx" ON "SignInAttempt"("at");

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

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE INDEX "ApiToken_userId_idx" ON "ApiToken"("userId");

-- AddForeignKey
ALTER TABLE "AgentCredential" ADD CONSTRAINT "AgentCredential_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Host"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EnrolmentToken" ADD CONSTRAINT "EnrolmentToken_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EnrolmentToken" ADD CONSTRAINT "EnrolmentToken_usedByHostId_fkey" FOREIGN KEY ("usedByHostId") REFERENCES "Host"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobEvent" ADD CONSTRAINT "JobEvent_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Job" ADD CONSTRAINT "Job_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Host"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Job" ADD CONSTRAINT "Job_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobLock" ADD CONSTRAINT "JobLock_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunbookRun" ADD CONSTRAINT "RunbookRun_runbookId_fkey" FOREIGN KEY ("runbookId") REFERENCES "Runbook"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunbookStep" ADD CONSTRAINT "RunbookStep_runId_fkey" FOREIGN KEY ("runId") REFERENCES "RunbookRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunbookCustody" ADD CONSTRAINT "RunbookCustody_runId_fkey" FOREIGN KEY ("runId") REFERENCES "RunbookRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Archive" ADD CONSTRAINT "Archive_runbookId_fkey" FOREIGN KEY ("runbookId") REFERENCES "Runbook"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Archive" ADD CONSTRAINT "Archive_runId_fkey" FOREIGN KEY ("runId") REFERENCES "RunbookRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ArchiveVolume" ADD CONSTRAINT "ArchiveVolume_archiveId_fkey" FOREIGN KEY ("archiveId") REFERENCES "Archive"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DiskGroup" ADD CONSTRAINT "DiskGroup_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Host"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Volume" ADD CONSTRAINT "Volume_diskGroupId_fkey" FOREIGN KEY ("diskGroupId") REFERENCES "DiskGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VolumeSet" ADD CONSTRAINT "VolumeSet_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Host"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
