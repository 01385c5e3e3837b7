// States of one attempt of one step of a runbook run (a RunbookStep row) and the transitions
// between them (docs/runbook-states.md). The run driver checks every change against this table.
//
//   running ──every job done──▶ succeeded | skipped (it had nothing to do)
//      ├──a job fails──▶ failed
//      └──the run is cancelled──▶ cancelled
//   (created failed when the step could not be planned: host offline, no inventory)
//
// Every end is final: a resumed run starts the step again as a new attempt, a new row.

export const runStepStates = ["running", "succeeded", "failed", "skipped", "cancelled"] as const;
export type RunStepState = (typeof runStepStates)[number];

/** Creating a step in any other state does not compile (server/runbooks/start-step.ts). */
export const initialRunStepStates = ["running", "failed"] as const satisfies readonly RunStepState[];
export type InitialRunStepState = (typeof initialRunStepStates)[number];

export const runStepTransitions: Record<RunStepState, readonly RunStepState[]> = {
  running: ["succeeded", "skipped", "failed", "cancelled"],
  succeeded: [],
  failed: [],
  skipped: [],
  cancelled: [],
};

export function isRunStepState(value: string): value is RunStepState {
  return (runStepStates as readonly string[]).includes(value);
}

export function canTransitionRunStep(from: string, to: RunStepState): boolean {
  return isRunStepState(from) && runStepTransitions[from].includes(to);
}
