import "server-only";
// The jobs that move the snapshot disk group between the hosts and bring the shadows home: who
// holds the group after an import or a deport (the run's custody record), and what the backup
// host wrote on the shadows, counted at the disable and merged at the join (the rejoin gate).
import { resultOf } from "@/lib/job-results";
import type { RunbookAction, RunbookStepKey } from "@/lib/runbook-steps";
import type { JobEffects, JobOutcome } from "@/server/runbooks/job-outcome";
import type { RunRow } from "@/server/runbooks/run-select";

export function custodyEffects(
  run: RunRow,
  stepKey: RunbookStepKey,
  action: RunbookAction & { kind: "dg.import" | "dg.deport" },
  job: JobOutcome,
): JobEffects {
  const D = run.spec.snapshotDiskGroup;
  const holder = action.kind === "dg.import" ? action.host : null;
  const note = holder ? `${D} imported on ${holder}` : `${D} deported by ${action.host}; held by nobody`;
  return {
    run: {},
    log: [note],
    extra: async (tx) => {
      await tx.runbookCustody.create({ data: { runId: run.id, at: job.finishedAt, holder, stepKey, note } });
    },
  };
}

export function disableEffects(action: RunbookAction, job: JobOutcome): JobEffects {
  const writes = resultOf(job, "set.disable").importerWrites ?? {};
  const total = Object.values(writes).reduce((a, b) => a + b, 0);
  return {
    run: { backupWrites: total },
    log: [`${total} chunk(s) written on ${action.host} recorded in the secondary bitmaps`],
  };
}

export function joinEffects(job: JobOutcome): JobEffects {
  const r = resultOf(job, "set.join");
  return {
    run: {},
    log: [
      typeof r.rescanBecause === "string"
        ? `${r.rescanBecause}: the next update scans the whole shadow for what the backup host wrote`
        : `${String(r.chunksMerged ?? 0)} chunk(s) merged into the primary bitmap`,
    ],
  };
}
