-- AlterTable
ALTER TABLE "Host" ADD COLUMN "inventoryCollectedAt" DATETIME;
ALTER TABLE "Host" ADD COLUMN "inventoryDigest" TEXT;
