// The timer and bookkeeping of queued-job-watch.ts, free of the database so it can be tested with a
// counting query: while any host has a waiter, one query per interval for all of them; no timer
// while nobody waits; a slow query never overlaps the next one.

export interface QueuedJobWatch {
  /** Counts a waiter of `hostId` in; the returned function counts it out (call it once). */
  watch(hostId: string): () => void;
}

export function createQueuedJobWatch({
  intervalMs,
  hostsWithQueuedJobs,
  wake,
  onError,
}: {
  intervalMs: number;
  /** Which of these hosts have a queued job. */
  hostsWithQueuedJobs: (hostIds: string[]) => Promise<string[]>;
  wake: (hostId: string) => void;
  onError: (err: Error) => void;
}): QueuedJobWatch {
  const waiters = new Map<string, number>();
  let timer: ReturnType<typeof setInterval> | null = null;
  let querying = false;

  const tick = async () => {
    if (querying || waiters.size === 0) return;
    querying = true;
    try {
      for (const hostId of await hostsWithQueuedJobs([...waiters.keys()])) {
        if (waiters.has(hostId)) wake(hostId);
      }
    } catch (err) {
      // The next tick asks again; a waiter still ends at its own deadline meanwhile.
      onError(err as Error);
    } finally {
      querying = false;
    }
  };

  return {
    watch(hostId) {
      waiters.set(hostId, (waiters.get(hostId) ?? 0) + 1);
      if (!timer) {
        timer = setInterval(() => void tick(), intervalMs);
        timer.unref?.();
      }
      let counted = true;
      return () => {
        if (!counted) return;
        counted = false;
        const left = (waiters.get(hostId) ?? 1) - 1;
        if (left > 0) waiters.set(hostId, left);
        else waiters.delete(hostId);
        if (waiters.size === 0 && timer) {
          clearInterval(timer);
          timer = null;
        }
      };
    },
  };
}
