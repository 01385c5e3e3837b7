import "server-only";
// A run's freeze while its update copies (lib/runbook-freeze.ts says when the application may
// write again). The copy job reports its point in time as a "point-in-time" event: once every
// set of it is a clone, the resume hook is issued at once (the resume step, or the thaw after a
// failure, then takes that job instead of issuing another), and its result is taken in as soon as
// it ends, so the run shows the application running again while the copy goes on. A set in scan
// mode keeps today's order (resume after the copy) and leaves a warning on the run.
import { jobEventSchema } from "@/lib/agent-protocol";
import {
  decideOnPointInTime,
  describePointInTime,
  mergeSetWarnings,
  type PointInTimeReport,
  runbookSetModes,
} from "@/lib/runbook-freeze";
import { prisma } from "@/server/db";
import { AppError } from "@/server/errors";
import { resultOf } from "@/lib/job-results";
import { parseJsonObject } from "@/server/jobs/job-select";
import type { RunChange } from "@/server/runbooks/commit-run";
import type { RunRow } from "@/server/runbooks/run-select";
import { loadHost } from "@/server/storage/load-host";
import { startStorageJob } from "@/server/storage/start-storage-job";

const pointInTimeSchema = jobEventSchema.shape.pointInTime.unwrap();

/** The copy job's point in time as this attempt reported it, or null while it has not. */
export async function findPointInTime(jobId: string, attempt: number): Promise<PointInTimeReport | null> {
  const event = await prisma.jobEvent.findFirst({
    where: { jobId, attempt, type: "point-in-time" },
    orderBy: { seq: "desc" },
    select: { pointInTimeJson: true },
  });
  const parsed = pointInTimeSchema.safeParse(parseJsonObject(event?.pointInTimeJson ?? null));
  return parsed.success ? parsed.data : null;
}

export interface CopyWatchChange {
  run: Omit<RunChange, "state">;
  log: string[];
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The resume hook a run issued during its copy, once the hook's job ended. */
async function takeInEarlyResume(run: RunRow, resumeJobId: string): Promise<CopyWatchChange | null> {
  const job = await prisma.job.findUnique({ where: { id: resumeJobId }, select: { state: true, resultJson: true } });
  if (job?.state !== "succeeded") return null; // running yet, or failed: the resume step reports it as today
  const r = resultOf(job, "hook.run");
  // The agent thawed on its own (budget, console lost): the resume step fails the run as today.
  if (r.resumedByAgent) return null;
  const frozenMs = r.frozenMs ?? 0;
  return {
    run: { frozenSince: null, frozenMs: run.frozenMs + frozenMs },
    log: [`application resumed while the copy goes on (job ${resumeJobId}): frozen ${seconds(frozenMs)}`],
  };
}

/**
 * Looks at a running copy job of a run that holds the application quiesced: issues the resume
 * hook once the job's point in time is all clones, takes in that hook's end, and records the
 * scan-mode sets the job reports. Returns what to change on the run, or null for nothing.
 */
export async function watchCopy(run: RunRow, jobId: string, attempt: number): Promise<CopyWatchChange | null> {
  const { spec } = run;
  if (!run.frozenSince || !spec.resumeHook) return null;
  if (run.resumeJobId) return takeInEarlyResume(run, run.resumeJobId);
  const report = await findPointInTime(jobId, attempt);
  if (!report) return null;
  const plans = run.sets;
  const warned = run.warnings;
  const quiesced = spec.quiesceHook !== null;
  const byName = decideOnPointInTime(
    report,
    plans.map((p) => ({
      set: p.shadow,
      shadowRef: p.shadowRef,
      master: p.master,
      mode: null,
      mechanism: null,
      reason: null,
    })),
    quiesced,
  );
  if (byName.resumeNow) {
    try {
      const job = await startStorageJob({
        caller: null,
        fromAddress: null,
        hostName: spec.productionHost,
        kind: "hook.run",
        args: { hook: spec.resumeHook, purpose: "resume" },
        idempotencyKey: `run:${run.id}:resume-during-copy:${run.frozenSince.getTime()}`,
      });
      return {
        run: { resumeJobId: job.id },
        log: [
          `point in time taken: ${describePointInTime(report)}; resume hook ${spec.resumeHook} issued at once (job ${job.id}) while the copy goes on`,
        ],
      };
    } catch (err) {
      // The host is gone or refuses the job: the resume comes after the copy, as without clones.
      if (!(err instanceof AppError)) throw err;
      return null;
    }
  }
  if (mergeSetWarnings(warned, byName.scanSets).length === warned.length) return null;
  // The inventory says why a set scans; only looked up when there is something new to say.
  const production = await loadHost(spec.productionHost).then(
    (h) => h.inventory,
    () => null,
  );
  const modes = production ? runbookSetModes(plans, production) : [];
  const decision = decideOnPointInTime(report, modes, quiesced);
  return {
    run: { warningsJson: JSON.stringify(mergeSetWarnings(warned, decision.scanSets)) },
    log: [`point in time: ${describePointInTime(report)}; the application stays quiesced until the copy ends`],
  };
}
