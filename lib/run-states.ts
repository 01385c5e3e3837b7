// Run states of a LAN-free runbook run and the transitions between them (docs/runbook-states.md):
// the run driver (server/runbooks/advance-run.ts) and the operator's actions (cancel, resume,
// rejoin) check every change of state against this table; clients read it to know when a run
// has ended.
//
//   running ──step fails──▶ thawing (resume hook, if the run froze the application) ──▶ failed
//      │  └──before rejoin, approveRejoin──▶ awaiting-approval ──approve──▶ running
//      ├──cancel──▶ cancelling (thaw as above) ──▶ cancelled
//      └──last step done──▶ succeeded
//   failed ──resume──▶ running (from the failed step, or the start of its freeze window)
//   failed ──cancel──▶ cancelled (abandoned: it can no longer be resumed)
//   cancelled ──rejoin──▶ running (release and rejoin only: brings the shadows home) ──▶ cancelled

export const activeRunStates = ["running", "awaiting-approval", "thawing", "cancelling"] as const;
export const finishedRunStates = ["succeeded", "failed", "cancelled"] as const;
export const runStates = [...activeRunStates, ...finishedRunStates] as const;
export type RunState = (typeof runStates)[number];

/**
 * A run is created running, or failed when a scheduled run fails its start check (nothing ran).
 * Creating a run in any other state does not compile (server/runbooks/start-run.ts).
 */
export const initialRunStates = ["running", "failed"] as const satisfies readonly RunState[];
export type InitialRunState = (typeof initialRunStates)[number];

export const runTransitions: Record<RunState, readonly RunState[]> = {
  // A failure goes through thawing only while the application is quiesced; a rejoin ends cancelled.
  running: ["awaiting-approval", "thawing", "cancelling", "succeeded", "failed", "cancelled"],
  "awaiting-approval": ["running", "cancelling"],
  thawing: ["failed"],
  cancelling: ["cancelled"],
  succeeded: [],
  // Resumed, abandoned, or (a failed rejoin) sent home again without the backup host.
  failed: ["running", "cancelled"],
  // Only to bring the shadows home (server/runbooks/rejoin-run.ts), once.
  cancelled: ["running"],
};

export function isRunState(value: string): value is RunState {
  return (runStates as readonly string[]).includes(value);
}

export function isActiveRunState(state: string): boolean {
  return (activeRunStates as readonly string[]).includes(state);
}

export function canTransitionRun(from: string, to: RunState): boolean {
  return isRunState(from) && runTransitions[from].includes(to);
}
