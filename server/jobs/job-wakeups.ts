import "server-only";
// In-process wake-ups for the two waits on jobs: an agent's claim long-poll (a job was queued for
// its host) and the runbook driver (a job ended). They only cut a wait short: both waits still
// poll, so a job queued or ended through another console process (docs/architecture.md §7) is seen on the
// next poll, as before. Each hop of a runbook (job ends, next job issued, agent claims it) used to
// wait up to a poll interval; inside a freeze those waits were most of the application's frozen time.
import { EventEmitter } from "node:events";

// On globalThis: Next compiles instrumentation.ts (where the run driver starts) and the route
// handlers into separate bundles, which would otherwise each hold an emitter of their own.
const shared = globalThis as unknown as { pitcrewJobWakeups?: EventEmitter };
const bus = (shared.pitcrewJobWakeups ??= new EventEmitter().setMaxListeners(0));

const queuedFor = (hostId: string) => `queued:${hostId}`;

export function announceJobQueued(hostId: string): void {
  bus.emit(queuedFor(hostId));
}

export function announceJobEnded(): void {
  bus.emit("ended");
}

/** A running job reached a point a runbook may be waiting for (its point in time exists). */
export function announceJobMilestone(): void {
  bus.emit("milestone");
}

/** Calls `listener` whenever a running job reaches such a point; returns the unsubscribe. */
export function onJobMilestone(listener: () => void): () => void {
  bus.on("milestone", listener);
  return () => bus.off("milestone", listener);
}

/** Calls `listener` whenever a job is queued for `hostId`; returns the unsubscribe. */
export function onJobQueued(hostId: string, listener: () => void): () => void {
  bus.on(queuedFor(hostId), listener);
  return () => bus.off(queuedFor(hostId), listener);
}

/** Calls `listener` whenever a job ends (succeeded, failed, cancelled); returns the unsubscribe. */
export function onJobEnded(listener: () => void): () => void {
  bus.on("ended", listener);
  return () => bus.off("ended", listener);
}
