// Run states of a LAN-free runbook run (server/runbooks/advance-run.ts drives them):
//
//   running ──step fails──▶ thawing (resume hook, if the run froze the application) ──▶ failed
//      │  └──before rejoin, approveRejoin──▶ awaiting-approval ──approve──▶ running
//      ├──cancel──▶ cancelling (thaw as above) ──▶ cancelled
//      └──last step done──▶ succeeded
//   failed ──resume──▶ running (from the failed step, or the start of its freeze window)
//   cancelled ──rejoin──▶ running (release and rejoin only: brings the shadows home) ──▶ cancelled

export const activeRunStates = ["running", "awaiting-approval", "thawing", "cancelling"] as const;
export const finishedRunStates = ["succeeded", "failed", "cancelled"] as const;
export type RunState = (typeof activeRunStates)[number] | (typeof finishedRunStates)[number];

export function isActiveRunState(state: string): boolean {
  return (activeRunStates as readonly string[]).includes(state);
}
