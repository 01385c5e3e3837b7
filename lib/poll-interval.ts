// How often live pages refetch: every second while a job is queued or running, so a progress bar
// moves with the copy, and every 10 s when idle, so an open overview still notices new hosts and
// jobs started elsewhere (the CLI) without loading the console for nothing.

export const BUSY_POLL_MS = 1_000;
export const IDLE_POLL_MS = 10_000;

export function isActiveJobState(state: string): boolean {
  return state === "queued" || state === "running";
}

export function pollIntervalFor(jobs: readonly { state: string }[] | undefined): number {
  return jobs?.some((job) => isActiveJobState(job.state)) ? BUSY_POLL_MS : IDLE_POLL_MS;
}
