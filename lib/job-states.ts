// Job states and the transitions between them (docs/architecture.md §4): the server enforces this table,
// and clients (the console, the CLI) read it to know when a job has ended.
//
//   queued ──claim──▶ running ──finish──▶ succeeded | failed | cancelled
//     │                 │ └──silent agent / deadline──▶ interrupted
//     │                 └──silent agent, idempotent kind──▶ queued (claimed again)
//     └──cancel──▶ cancelled

export const jobStates = ["queued", "running", "succeeded", "failed", "cancelled", "interrupted"] as const;
export type JobState = (typeof jobStates)[number];

export const jobTransitions: Record<JobState, readonly JobState[]> = {
  queued: ["running", "cancelled"],
  running: ["succeeded", "failed", "cancelled", "interrupted", "queued"],
  succeeded: [],
  failed: [],
  cancelled: [],
  // Terminal for the job row: its locks are released and an operator decides what to do next.
  interrupted: [],
};

export function isJobState(value: string): value is JobState {
  return (jobStates as readonly string[]).includes(value);
}

export function isTerminalJobState(state: string): boolean {
  return isJobState(state) && jobTransitions[state].length === 0;
}

export function canTransitionJob(from: string, to: JobState): boolean {
  return isJobState(from) && jobTransitions[from].includes(to);
}
