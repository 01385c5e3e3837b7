import "server-only";
// When a lease that ran out does not yet mean a silent agent:
// - Right after this console started. While it was down no agent could renew, so a lease that ran
//   out says nothing about its agent, which may be copying still and renews at its next flush
//   once the console answers. For two lease periods after the start only deadlines expire jobs:
//   one period would end with the sweeper's first round on a short lease, before a console under
//   load serves its first request. After that, a lease that ran out means a silent agent.
// - While this console stops. On SIGTERM Next stops accepting connections and then waits for the
//   requests in flight (agents' long-poll claims) before it exits; meanwhile no agent can renew
//   through it, and its timers still run. A sweep then would interrupt live copies.
// Several consoles each keep their own state; one that stays up sweeps as before, and the agents
// can reach it.
import { JOB_LEASE_MS } from "@/server/jobs/job-timing";

const GRACE_LEASES = 2;
// On globalThis: the instrumentation hook and the route handlers are bundled apart, and each
// module of theirs could have its own copy of a module-level variable.
const STARTED_AT = Symbol.for("pitcrew.consoleStartedAt");
const STOPPING = Symbol.for("pitcrew.consoleStopping");
const registry = globalThis as { [STARTED_AT]?: number; [STOPPING]?: boolean };
/** The latest time a Date can hold: no lease runs out before it. */
const END_OF_TIME = new Date(8.64e15);

/** Called once when this console starts (instrumentation.ts). */
export function markConsoleStarted(at: Date = new Date()): void {
  registry[STARTED_AT] = at.getTime();
}

/** Called when this console begins to stop (a SIGTERM or SIGINT): from then on no lease expires here. */
export function markConsoleStopping(): void {
  registry[STOPPING] = true;
}

/** Until when a lease that ran out does not count as stale; null outside a started console (tests, scripts). */
export function leaseGraceUntil(): Date | null {
  if (registry[STOPPING]) return END_OF_TIME;
  const startedAt = registry[STARTED_AT];
  return startedAt === undefined ? null : new Date(startedAt + GRACE_LEASES * JOB_LEASE_MS);
}
