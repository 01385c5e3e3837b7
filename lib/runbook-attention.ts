// Why a runbook needs an operator's attention (issue 6: "an overdue or failed run is visible on
// the overview"): its schedule slot passed without a run, or its last run failed. The runbook
// list and the overview show the same badges.
import { isActiveRunState } from "./run-states";
import type { BadgeTone } from "./set-badges";

export interface RunbookBadge {
  label: string;
  tone: BadgeTone;
  description: string;
}

export interface AttentionInput {
  overdue: boolean;
  nextRunAt: string | null;
  lastRun: { state: string; error: { step: string; message: string } | null } | null;
}

export function runbookAttention(rb: AttentionInput): RunbookBadge[] {
  const badges: RunbookBadge[] = [];
  if (rb.overdue) {
    badges.push({ label: "overdue", tone: "warning", description: `The run scheduled for ${rb.nextRunAt ?? "its last slot"} has not started.` });
  }
  if (rb.lastRun?.state === "failed") {
    const why = rb.lastRun.error ? `step ${rb.lastRun.error.step}: ${rb.lastRun.error.message}` : "no error recorded";
    badges.push({ label: "last run failed", tone: "danger", description: `The last run failed at ${why}` });
  }
  return badges;
}

/** Whether the overview lists the runbook: it needs attention or a run is going on. */
export function isRunbookNoteworthy(rb: AttentionInput): boolean {
  return runbookAttention(rb).length > 0 || (rb.lastRun !== null && isActiveRunState(rb.lastRun.state));
}
