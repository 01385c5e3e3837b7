import "server-only";
// The claim long-poll: an idle agent waits here for work instead of polling the console in a
// tight loop. Claims go through server/jobs/claim-next-job.ts, the only place a job is claimed.
// The wait claims once, then sleeps until its host may have work: a job queued through this
// console process wakes it at once (job-wakeups.ts), one queued through another process within
// the shared watch's interval (queued-job-watch.ts). It never polls the database on its own.
import { setTimeout as delay } from "node:timers/promises";
import type { ClaimedJob } from "@/lib/agent-protocol";
import { type ClaimFilter, claimNextJob } from "@/server/jobs/claim-next-job";
import { onJobQueued } from "@/server/jobs/job-wakeups";
import { watchQueuedJobsFor } from "@/server/jobs/queued-job-watch";

export interface WaitForJobInput {
  hostId: string;
  waitSeconds: number;
  /** "resume": claim only a resume hook (claim-next-job.ts). */
  only?: ClaimFilter;
  /** The request's signal: an agent that hangs up stops the wait, so no claim is made for nobody. */
  signal?: AbortSignal;
}

export async function waitForJob({
  hostId,
  waitSeconds,
  only = null,
  signal,
}: WaitForJobInput): Promise<ClaimedJob | null> {
  const giveUpAt = Date.now() + waitSeconds * 1000;
  const stopWatching = watchQueuedJobsFor(hostId);
  try {
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
        await sleep(remaining, signal ? AbortSignal.any([signal, queued.signal]) : queued.signal);
      } finally {
        stopListening();
      }
    }
  } finally {
    stopWatching();
  }
}

/** Waits `ms`, or less when `wake` is (or gets) aborted. */
function sleep(ms: number, wake: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal: wake }).catch((err: unknown) => {
    if ((err as Error).name !== "AbortError") throw err;
  });
}
