-- A cancelled run's shadows can be taken home without the backup host (server/runbooks/rejoin-run.ts).
ALTER TABLE "RunbookRun" ADD COLUMN "rejoinForced" BOOLEAN NOT NULL DEFAULT false;
