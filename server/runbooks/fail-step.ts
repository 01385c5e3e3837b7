import "server-only";
// A step that fails stops the run: the run goes to thawing when it holds the application
// quiesced (thaw-run.ts runs the resume hook), else straight to failed.
import type { RunbookAction } from "@/lib/runbook-steps";
import { auditRunEnd } from "@/server/runbooks/audit-run-end";
import { appendLog, commitRun, endRunStep, type RunChange } from "@/server/runbooks/commit-run";
import type { RunRow, RunStepRow } from "@/server/runbooks/run-select";

export interface StepError {
  code: string;
  message: string;
  object: string | null;
}

export function failedRunData(run: RunRow, error: StepError, stepKey: string, host: string, now: Date): RunChange {
  const frozen = run.frozenSince !== null;
  return {
    state: frozen ? "thawing" : "failed",
    finishedAt: frozen ? null : now,
    errorStep: stepKey,
    errorHost: host,
    errorCode: error.code,
    errorObject: error.object,
    errorMessage: error.message,
  };
}

export async function failStep(
  run: RunRow,
  step: RunStepRow,
  action: RunbookAction,
  error: StepError,
  now: Date,
): Promise<boolean> {
  const message = `${action.label}: ${error.message}`;
  // A failed resume leaves nothing for the run to thaw with: the agent's freeze guard thaws at its budget.
  const resumeFailed = action.kind === "hook.run" && action.args.purpose === "resume";
  const r = resumeFailed ? { ...run, frozenSince: null } : run;
  await commitRun(
    run,
    {
      ...failedRunData(r, { ...error, message }, step.key, action.host, now),
      ...(resumeFailed ? { frozenSince: null } : {}),
    },
    async (tx) => {
      await endRunStep(tx, step, "failed", {
        finishedAt: now,
        errorMessage: message,
        logJson: appendLog(step.log, now, `failed: ${message}`),
      });
    },
  );
  if (!r.frozenSince) await auditRunEnd(run, "failed", message, now);
  return true;
}
