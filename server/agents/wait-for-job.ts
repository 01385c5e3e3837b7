import "server-only";
// The claim long-poll: an idle agent waits here for work instead of polling the console in a
// tight loop. Claims go through server/jobs/claim-next-job.ts, the only place a job is claimed.
import type { ClaimedJob } from "@/lib/agent-protocol";
import { claimNextJob } from "@/server/jobs/claim-next-job";

// Why 500 ms: a queued job reaches an idle agent within half a second (an operator notices
// longer), while one cheap indexed query per waiting agent twice a second stays far below what
// SQLite serves. A notification channel would be exact, but polling also works unchanged behind a
// load balancer with several console processes (design.md §7).
const CLAIM_POLL_INTERVAL_MS = 500;

export interface WaitForJobInput {
  hostId: string;
  waitSeconds: number;
  /** The request's signal: an agent that hangs up stops the wait, so no claim is made for nobody. */
  signal?: AbortSignal;
  pollIntervalMs?: number;
}

export async function waitForJob({ hostId, waitSeconds, signal, pollIntervalMs = CLAIM_POLL_INTERVAL_MS }: WaitForJobInput): Promise<ClaimedJob | null> {
  const giveUpAt = Date.now() + waitSeconds * 1000;
  for (;;) {
    if (signal?.aborted) return null;
    const job = await claimNextJob({ hostId });
    if (job) return job;
    const remaining = giveUpAt - Date.now();
    if (remaining <= 0) return null;
    await sleep(Math.min(pollIntervalMs, remaining), signal);
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
