-- Instant points in time (issue 22): a copy job's "point-in-time" event is stored with its sets'
-- modes, and a run resumes the application as soon as every set was cloned, then records its
-- freeze and its copy apart, with a warning for each set in scan mode.
ALTER TABLE "JobEvent" ADD COLUMN "pointInTimeJson" TEXT;
ALTER TABLE "RunbookRun" ADD COLUMN "copyMs" INTEGER;
ALTER TABLE "RunbookRun" ADD COLUMN "resumeJobId" TEXT;
ALTER TABLE "RunbookRun" ADD COLUMN "warningsJson" TEXT NOT NULL DEFAULT '[]';
