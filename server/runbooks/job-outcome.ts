import "server-only";
// What the run driver hands the job-effect functions (job-effects.ts and the *-effects.ts files it
// dispatches to) and what they hand back: a finished job of a run, and what it means for the run.
import type { Prisma } from "@/generated/sqlite/client";
import type { PointInTimeReport } from "@/lib/runbook-freeze";
import type { RunChange } from "@/server/runbooks/commit-run";

export interface JobOutcome {
  jobId: string;
  result: Record<string, unknown>;
  startedAt: Date | null;
  finishedAt: Date;
  /** A copy job's "point-in-time" event (server/runbooks/freeze-during-copy.ts), or null. */
  pointInTime: PointInTimeReport | null;
}

export interface JobEffects {
  /** Never a change of state: the driver decides that (follow-job.ts, fail-step.ts). */
  run: Omit<RunChange, "state">;
  log: string[];
  /** The job succeeded but the run must not go on (the freeze did not hold). */
  failure?: { code: string; message: string; object: string | null };
  extra?: (tx: Prisma.TransactionClient) => Promise<void>;
}

/** A job that changes nothing in the run and says nothing in its log. */
export const noEffects = (): JobEffects => ({ run: {}, log: [] });

/** A duration as the run's log writes it: "12.3 s". */
export const logSeconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
