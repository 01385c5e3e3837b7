// Job phases that clients act on (the agent reports others too, as free text).

/** A copy or update started by the job is running: every check before it passed. */
export const COPYING_PHASE = "copying";

/** Whether a running job's phase says its copy runs (progress events report scanning or copying). */
export function copyIsRunning(phase: string | null): boolean {
  return phase === COPYING_PHASE || phase === "scanning";
}
