// Why a runbook needs an operator's attention (issue 6: "an overdue or failed run is visible on
// the overview"): its schedule slot passed without a run, its last run failed, or its last run
// was cancelled after the export and its shadows are still away (the next run will not start).
// The runbook list and the overview show the same badges.
import { isActiveRunState } from "./run-states";
import { runLeftProduction } from "./runbook-steps";
import type { BadgeTone } from "./set-badges";

export interface RunbookBadge {
  label: string;
  tone: BadgeTone;
  description: string;
}

export interface AttentionInput {
  overdue: boolean;
  nextRunAt: string | null;
  lastRun: {
    id: string;
    state: string;
    error: { step: string; message: string } | null;
    rejoinedAt: string | null;
  } | null;
}

export function runbookAttention(rb: AttentionInput): RunbookBadge[] {
  const badges: RunbookBadge[] = [];
  if (rb.overdue) {
    badges.push({
      label: "overdue",
      tone: "warning",
      description: `The run scheduled for ${rb.nextRunAt ?? "its last slot"} has not started.`,
    });
  }
  if (rb.lastRun?.state === "failed") {
    const why = rb.lastRun.error ? `step ${rb.lastRun.error.step}: ${rb.lastRun.error.message}` : "no error recorded";
    badges.push({ label: "last run failed", tone: "danger", description: `The last run failed at ${why}` });
  }
  const cancelledAt = rb.lastRun?.state === "cancelled" ? rb.lastRun.error?.step : undefined;
  if (cancelledAt && !rb.lastRun?.rejoinedAt && runLeftProduction([cancelledAt])) {
    badges.push({
      label: "shadows away",
      tone: "warning",
      description:
        `The last run was cancelled at step ${cancelledAt}, after its export: its shadows are not joined on the production host ` +
        `and the next run will not start until they are brought home ("Bring shadows home" on the run's page, or pitcrew runbook rejoin ${rb.lastRun!.id}).`,
    });
  }
  return badges;
}

/** Whether the overview lists the runbook: it needs attention or a run is going on. */
export function isRunbookNoteworthy(rb: AttentionInput): boolean {
  return runbookAttention(rb).length > 0 || (rb.lastRun !== null && isActiveRunState(rb.lastRun.state));
}
