// What the console may say about a job it started and follows (components/use-followed-job.ts): the
// one place that decides "done". The rule is the product's: only a job the server reports as
// `succeeded` is a success. Failed, cancelled and interrupted jobs ended without success and carry
// the agent's reason; a job in any other state, one this console does not know included, has not
// ended as far as lib/job-states.ts says and is never shown as finished; a refused request (the
// mutation's error) queued no job and carries the console's message.
import { isTerminalJobState } from "@/lib/job-states";

export type StartedJobOutcome =
  /** Nothing was asked yet. */
  | { status: "idle" }
  /** The request is on its way, or the job is queued but has not been read yet. */
  | { status: "starting" }
  /** The request was refused: no job was queued. */
  | { status: "refused"; message: string }
  /** Queued or running: its progress is on the job. */
  | { status: "active"; state: string }
  | { status: "succeeded" }
  /** Ended any other way: failed, cancelled, interrupted. */
  | { status: "unsuccessful"; state: string; message: string | null };

export interface StartedJobOutcomeInput {
  isRequestPending: boolean;
  requestError: { message: string } | null;
  /** The job the request queued, once known. */
  jobId: string | null;
  /** The job as last read. */
  job: { state: string; error: { message: string } | null } | undefined;
}

export function startedJobOutcome({
  isRequestPending,
  requestError,
  jobId,
  job,
}: StartedJobOutcomeInput): StartedJobOutcome {
  if (requestError) return { status: "refused", message: requestError.message };
  if (isRequestPending) return { status: "starting" };
  if (job) return outcomeOfJob(job);
  return jobId === null ? { status: "idle" } : { status: "starting" };
}

export function outcomeOfJob(job: { state: string; error: { message: string } | null }): StartedJobOutcome {
  // A state this console does not know is not terminal for it (isTerminalJobState): it keeps
  // following the job rather than call it finished.
  if (!isTerminalJobState(job.state)) return { status: "active", state: job.state };
  if (job.state === "succeeded") return { status: "succeeded" };
  return { status: "unsuccessful", state: job.state, message: job.error?.message ?? null };
}
