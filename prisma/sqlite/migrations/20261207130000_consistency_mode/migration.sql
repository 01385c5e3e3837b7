-- AlterTable
ALTER TABLE "Volume" ADD COLUMN "filesystem" TEXT;
ALTER TABLE "Volume" ADD COLUMN "fsId" TEXT;
ALTER TABLE "Volume" ADD COLUMN "sharingMechanism" TEXT;
ALTER TABLE "Volume" ADD COLUMN "sharingReason" TEXT;

-- AlterTable
ALTER TABLE "VolumeSet" ADD COLUMN "consistencyMode" TEXT NOT NULL DEFAULT 'scan';
ALTER TABLE "VolumeSet" ADD COLUMN "sharingMechanism" TEXT;
ALTER TABLE "VolumeSet" ADD COLUMN "consistencyReason" TEXT;
ALTER TABLE "VolumeSet" ADD COLUMN "consistencyRequested" TEXT;
ALTER TABLE "VolumeSet" ADD COLUMN "cloneTakenAt" DATETIME;
ALTER TABLE "VolumeSet" ADD COLUMN "cloneMs" REAL;
ALTER TABLE "VolumeSet" ADD COLUMN "cloneMasterExtents" INTEGER;
ALTER TABLE "VolumeSet" ADD COLUMN "cloneHeldBytes" BIGINT;
ALTER TABLE "VolumeSet" ADD COLUMN "lastUpdateDetection" TEXT;
ALTER TABLE "VolumeSet" ADD COLUMN "lastUpdateNote" TEXT;
