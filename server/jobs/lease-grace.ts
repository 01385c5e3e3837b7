import "server-only";
// While the console was down, no agent could renew its leases: right after a start, a lease that
// ran out says nothing about its agent, which may be copying still and renews at its next flush
// once the console answers. So for two lease periods after this console started, only deadlines
// expire jobs: one period would end with the sweeper's first round on a short lease, before a
// console under load serves its first request. After that, a lease that ran out means a silent
// agent. Several consoles each keep their own grace; one that stayed up sweeps as before, and
// the agents could reach it all along.
import { JOB_LEASE_MS } from "@/server/jobs/job-timing";

const GRACE_LEASES = 2;
// On globalThis: the instrumentation hook and the route handlers are bundled apart, and each
// module of theirs could have its own copy of a module-level variable.
const STARTED_AT = Symbol.for("pitcrew.consoleStartedAt");
const registry = globalThis as { [STARTED_AT]?: number };

/** Called once when this console starts (instrumentation.ts). */
export function markConsoleStarted(at: Date = new Date()): void {
  registry[STARTED_AT] = at.getTime();
}

/** Until when a lease that ran out does not count as stale; null outside a started console (tests, scripts). */
export function leaseGraceUntil(): Date | null {
  const startedAt = registry[STARTED_AT];
  return startedAt === undefined ? null : new Date(startedAt + GRACE_LEASES * JOB_LEASE_MS);
}
