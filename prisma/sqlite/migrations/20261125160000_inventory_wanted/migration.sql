-- AlterTable
ALTER TABLE "Host" ADD COLUMN "inventoryWantedAt" DATETIME;
