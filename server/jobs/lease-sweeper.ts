import "server-only";
// Runs expireStaleLeases every few seconds in each console instance. Safe with several instances:
// every expiry is a conditional update, so only one of them changes a given job.
import { expireStaleLeases } from "@/server/jobs/expire-stale-leases";
import { leaseGraceUntil } from "@/server/jobs/lease-grace";

const SWEEP_EVERY_MS = 5_000;

export function startLeaseSweeper(): NodeJS.Timeout {
  const timer = setInterval(() => {
    expireStaleLeases(new Date(), { leaseGraceUntil: leaseGraceUntil() }).catch((err: unknown) =>
      console.error(`pitcrew: lease sweeper: ${(err as Error).message}`),
    );
  }, SWEEP_EVERY_MS);
  timer.unref();
  return timer;
}
