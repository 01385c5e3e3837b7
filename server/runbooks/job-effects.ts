import "server-only";
// What a finished job of a run means for the run, by kind: the freeze (freeze-effects.ts), the
// point in time and how long the copy took (point-in-time-effects.ts), custody of the snapshot
// disk group and the backup host's writes (rejoin-effects.ts), the archive and its lineage
// (archive-effects.ts). The run driver (follow-job.ts) commits what they return; they decide no
// change of state.
import type { RunbookAction, RunbookStepKey } from "@/lib/runbook-steps";
import { archiveDeleteEffects, archiveEffects } from "@/server/runbooks/archive-effects";
import { hookEffects } from "@/server/runbooks/freeze-effects";
import { type JobEffects, type JobOutcome, noEffects } from "@/server/runbooks/job-outcome";
import { copyEffects } from "@/server/runbooks/point-in-time-effects";
import { custodyEffects, disableEffects, joinEffects } from "@/server/runbooks/rejoin-effects";
import type { RunRow } from "@/server/runbooks/run-select";

export function takeInJobResult(
  run: RunRow,
  stepKey: RunbookStepKey,
  action: RunbookAction,
  job: JobOutcome,
  now: Date,
): JobEffects {
  const { kind } = action;
  switch (kind) {
    case "hook.run":
      return hookEffects(run, action, job);
    case "set.copy":
      return copyEffects(stepKey, job);
    case "dg.import":
    case "dg.deport":
      return custodyEffects(run, stepKey, { ...action, kind }, job);
    case "set.disable":
      return disableEffects(action, job);
    case "set.join":
      return joinEffects(job);
    case "archive.tape":
    case "archive.create":
      return archiveEffects(run, { ...action, kind }, job, now);
    case "archive.delete":
      return archiveDeleteEffects(run, action, job, now);
    default:
      return noEffects();
  }
}
