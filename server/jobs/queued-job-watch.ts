import "server-only";
// The fallback of the claim long-poll, shared by every agent waiting in this console process. A job
// queued through this process wakes its host's waiter at once (job-wakeups.ts); one queued through
// another console process is only in the database. Each waiter used to look for it with its own
// claim query every 500 ms: with 300 idle agents that was 600 queries a second, enough to saturate
// the console on its own. Now one query per interval asks which of the waiting hosts have a queued
// job, and only those hosts' waiters wake up and claim.
import { prisma } from "@/server/db";
import { wakeLocalJobQueued } from "@/server/jobs/job-wakeups";
import { createQueuedJobWatch, type QueuedJobWatch } from "@/server/jobs/queued-job-watch-core";

// Why 500 ms: a job queued through another console reaches an idle agent within half a second,
// for one indexed query per console process, whatever the number of agents waiting.
const WATCH_INTERVAL_MS = 500;

// On globalThis: Next may load this module in more than one bundle (see job-wakeups.ts).
const shared = globalThis as unknown as { pitcrewQueuedJobWatch?: QueuedJobWatch };

function theWatch(): QueuedJobWatch {
  shared.pitcrewQueuedJobWatch ??= createQueuedJobWatch({
    intervalMs: WATCH_INTERVAL_MS,
    hostsWithQueuedJobs: async (hostIds) =>
      (
        await prisma.job.findMany({
          where: { state: "queued", hostId: { in: hostIds } },
          distinct: ["hostId"],
          select: { hostId: true },
        })
      ).map((j) => j.hostId),
    wake: wakeLocalJobQueued,
    onError: (err) => console.error(`pitcrew: queued-job watch: ${err.message}`),
  });
  return shared.pitcrewQueuedJobWatch;
}

/** Counts a waiter of `hostId` in until the returned function is called. */
export function watchQueuedJobsFor(hostId: string): () => void {
  return theWatch().watch(hostId);
}
