import "server-only";
// The claim long-poll: an idle agent waits here for work instead of polling the console in a
// tight loop. Claims go through server/jobs/claim-next-job.ts, the only place a job is claimed.
import { setTimeout as delay } from "node:timers/promises";
import type { ClaimedJob } from "@/lib/agent-protocol";
import { type ClaimFilter, claimNextJob } from "@/server/jobs/claim-next-job";
import { onJobQueued } from "@/server/jobs/job-wakeups";

// Why 500 ms: the fallback for a job queued through another console process (docs/architecture.md §7). A job
// queued through this one wakes the wait at once (server/jobs/job-wakeups.ts); otherwise it
// reaches an idle agent within half a second, while one cheap indexed query per waiting agent
// twice a second stays far below what SQLite serves.
const CLAIM_POLL_INTERVAL_MS = 500;

export interface WaitForJobInput {
  hostId: string;
  waitSeconds: number;
  /** "resume": claim only a resume hook (claim-next-job.ts). */
  only?: ClaimFilter;
  /** The request's signal: an agent that hangs up stops the wait, so no claim is made for nobody. */
  signal?: AbortSignal;
  pollIntervalMs?: number;
}

export async function waitForJob({
  hostId,
  waitSeconds,
  only = null,
  signal,
  pollIntervalMs = CLAIM_POLL_INTERVAL_MS,
}: WaitForJobInput): Promise<ClaimedJob | null> {
  const giveUpAt = Date.now() + waitSeconds * 1000;
  for (;;) {
    if (signal?.aborted) return null;
    // Listening before the claim: a job queued between the claim and the sleep still wakes it.
    const queued = new AbortController();
    const stopListening = onJobQueued(hostId, () => queued.abort());
    try {
      const job = await claimNextJob({ hostId, only });
      if (job) return job;
      const remaining = giveUpAt - Date.now();
      if (remaining <= 0) return null;
      await sleep(
        Math.min(pollIntervalMs, remaining),
        signal ? AbortSignal.any([signal, queued.signal]) : queued.signal,
      );
    } finally {
      stopListening();
    }
  }
}

/** Waits `ms`, or less when `wake` is (or gets) aborted. */
function sleep(ms: number, wake: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal: wake }).catch((err: unknown) => {
    if ((err as Error).name !== "AbortError") throw err;
  });
}
