-- A cancelled run can bring its shadows home (server/runbooks/rejoin-run.ts).
ALTER TABLE "RunbookRun" ADD COLUMN "rejoinRequestedAt" DATETIME;
ALTER TABLE "RunbookRun" ADD COLUMN "rejoinedAt" DATETIME;
