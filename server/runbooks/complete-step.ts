import "server-only";
// A step whose every job is done: the run goes to its next step, stops at the rejoin gate
// (approveRejoin), or succeeds after its last; a rejoin of a cancelled run ends cancelled again.
import { type RunbookStepKey, rejoinStepKeys, runbookStepSequence } from "@/lib/runbook-steps";
import { auditRunEnd } from "@/server/runbooks/audit-run-end";
import { commitRun, endRunStep, type RunChange } from "@/server/runbooks/commit-run";
import type { RunRow, RunStepRow } from "@/server/runbooks/run-select";

export async function completeStep(run: RunRow, step: RunStepRow, nothingToDo: boolean, now: Date): Promise<boolean> {
  const { spec } = run;
  if (run.rejoinRequestedAt && step.key === rejoinStepKeys.at(-1)) return endRejoin(run, step, nothingToDo, now);
  const sequence = runbookStepSequence(spec);
  const next = sequence[sequence.indexOf(step.key as RunbookStepKey) + 1];
  const data: RunChange = !next
    ? { state: "succeeded", finishedAt: now }
    : next === "rejoin" && spec.approveRejoin && !run.approvedAt
      ? { state: "awaiting-approval", stepKey: next }
      : { stepKey: next };
  await commitRun(run, data, async (tx) => {
    await endRunStep(tx, step, nothingToDo ? "skipped" : "succeeded", { finishedAt: now });
  });
  if (!next) await auditRunEnd(run, "ok", `succeeded; application frozen ${(run.frozenMs / 1000).toFixed(1)} s`, now);
  return true;
}

/** A cancelled run that brought its shadows home (rejoin-run.ts) ends cancelled again: it took no backup. */
async function endRejoin(run: RunRow, step: RunStepRow, nothingToDo: boolean, now: Date): Promise<boolean> {
  const how = run.rejoinForced ? `without host ${run.spec.backupHost} ` : "";
  const message = `${run.errorMessage ?? "cancelled by an operator"}; shadows brought home ${how}at ${now.toISOString()}`;
  await commitRun(run, { state: "cancelled", finishedAt: now, rejoinedAt: now, errorMessage: message }, async (tx) => {
    await endRunStep(tx, step, nothingToDo ? "skipped" : "succeeded", { finishedAt: now });
  });
  await auditRunEnd(
    run,
    "ok",
    `cancelled; shadows brought home${run.rejoinForced ? " without the backup host" : ""}`,
    now,
  );
  return true;
}
