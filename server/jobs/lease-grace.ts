import "server-only";
// While the console was down, no agent could renew its leases: right after a start, a lease that
// ran out says nothing about its agent, which may be copying still and only waiting out its retry
// backoff. So for one lease period after this console started, only deadlines expire jobs; after
// that, a lease that ran out again means a silent agent. Several consoles each keep their own
// grace; one that stayed up sweeps as before, and the agents could reach it all along.
import { JOB_LEASE_MS } from "@/server/jobs/job-timing";

let startedAt: number | null = null;

/** Called once when this console starts serving (instrumentation.ts). */
export function markConsoleStarted(at: Date = new Date()): void {
  startedAt = at.getTime();
}

/** Until when a lease that ran out does not count as stale; null outside a started console (tests, scripts). */
export function leaseGraceUntil(): Date | null {
  return startedAt === null ? null : new Date(startedAt + JOB_LEASE_MS);
}
