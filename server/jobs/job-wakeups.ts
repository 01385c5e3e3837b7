import "server-only";
// Wake-ups for the waits on jobs: an agent's claim long-poll (a job was queued for its host) and
// the runbook driver (a job ended, or reached its point in time). They only cut a wait short: both
// waits still poll, so nothing is missed when a wake-up is. Each hop of a runbook (job ends, next
// job issued, agent claims it) used to wait up to a poll interval; inside a freeze those waits were
// most of the application's frozen time.
//
// Within a process they go through an EventEmitter. On PostgreSQL they also go to every other
// console process on the database (server/jobs/job-notifications.ts, LISTEN/NOTIFY), so a job
// queued through one console wakes the agent waiting on another (docs/architecture.md §7).
import { EventEmitter } from "node:events";
import { consoleConfig } from "@/server/config";
import { dbProvider } from "@/server/db";
import { type JobNotifications, startJobNotifications } from "@/server/jobs/job-notifications";

// On globalThis: Next compiles instrumentation.ts (where the run driver starts) and the route
// handlers into separate bundles, which would otherwise each hold an emitter (and a listening
// connection) of their own.
const shared = globalThis as unknown as {
  pitcrewJobWakeups?: EventEmitter;
  pitcrewJobNotifications?: JobNotifications;
};
const bus = (shared.pitcrewJobWakeups ??= new EventEmitter().setMaxListeners(0));
const notifications =
  dbProvider === "postgresql"
    ? (shared.pitcrewJobNotifications ??= startJobNotifications({
        url: consoleConfig.databaseUrl,
        // "*": the listening connection was down and may have missed some; wake every waiter.
        deliver: (event) => (event === "*" ? wakeEveryone() : bus.emit(event)),
      }))
    : null;

function wakeEveryone(): void {
  for (const event of bus.eventNames()) bus.emit(event);
}

function announce(event: string): void {
  bus.emit(event);
  notifications?.publish(event);
}

const queuedFor = (hostId: string) => `queued:${hostId}`;

export function announceJobQueued(hostId: string): void {
  announce(queuedFor(hostId));
}

/**
 * Wakes this process's waiters for `hostId` only: for what a process found by polling the
 * database, which every other process finds by its own poll too.
 */
export function wakeLocalJobQueued(hostId: string): void {
  bus.emit(queuedFor(hostId));
}

export function announceJobEnded(): void {
  announce("ended");
}

/** A running job reached a point a runbook may be waiting for (its point in time exists). */
export function announceJobMilestone(): void {
  announce("milestone");
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
