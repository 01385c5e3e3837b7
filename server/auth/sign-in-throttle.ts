import "server-only";
// Sign-in rate limiting (rules: lib/sign-in-throttle.ts; docs/security.md). Every attempt is
// recorded as a SignInAttempt *before* its password is checked, in the same transaction that
// counts the attempts before it, and a "pending" attempt counts as a failure until it is settled.
// The transaction's first statement is that insert, which takes SQLite's write lock: attempts from
// every console process on one database queue there one at a time, so 40 parallel guesses see
// 0, 1, 2, … earlier ones and only the first 5 reach a password check. PostgreSQL has no such lock;
// there the attempts queue on an advisory lock (inTransaction's queueOn). Nothing is kept in process
// memory, so a restart does not reset a lock either.
//
// Attempts refused by the throttle itself are recorded as "throttled" and not counted, so a lock
// ends a window after the last real guess however often a script keeps knocking.
//
// The address rule refuses only user names that have recent failures of their own: a burst of
// failures from one address (a guesser, or colleagues behind one NAT mistyping) must not lock out
// everyone who signs in from there. A user with no failures since their last sign-in always gets
// to try their password; a guesser gets one try per user name from that address, after which the
// name has a failure and the address limit applies to it (and the per-user limit of 5 everywhere).
// An attempt that never settles (the process died mid-check) stays "pending" and counts as a
// failure until it leaves the window, which errs on the side of the guess having happened.
import {
  addressSignInThrottle,
  signInRetryAfterMs,
  throttledMessage,
  type ThrottleRule,
  userSignInThrottle,
} from "@/lib/sign-in-throttle";
import { type Db, prisma } from "@/server/db";
import { inTransaction } from "@/server/db-transaction";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export interface SignInThrottle {
  /** What the message names: "user alice" or "address 10.0.0.5". */
  what: string;
  retryAfterMs: number;
  message: string;
}

export interface RecordedSignInAttempt {
  attemptId: string;
  /** Null when the password may be checked; otherwise who is locked out and for how long. */
  throttle: SignInThrottle | null;
}

/** The advisory lock key sign-in attempts queue on, on PostgreSQL (any constant unique to this use). */
const SIGN_IN_ATTEMPTS_LOCK = 0x7069_7463; // "pitc"

const KEEP_MS = Math.max(userSignInThrottle.windowMs, addressSignInThrottle.windowMs);

/** Records an attempt and decides, atomically with every other attempt, whether it may go ahead. */
export async function recordSignInAttempt(
  username: string,
  fromAddress: string | null,
  now: Date,
): Promise<RecordedSignInAttempt> {
  return inTransaction(
    async (tx) => {
      // First statement a write: see the top of the file for why the order matters.
      const { id } = await tx.signInAttempt.create({
        data: { at: now, username, fromAddress, outcome: "pending" },
        select: { id: true },
      });
      await tx.signInAttempt.deleteMany({ where: { at: { lt: new Date(now.getTime() - KEEP_MS) } } });

      const userFailures = await countedFailures(tx, { username }, userSignInThrottle, now, id);
      let throttle = lockOf(`user ${username}`, userFailures, userSignInThrottle, now);
      if (!throttle && fromAddress !== null && userFailures.length > 0) {
        const addressFailures = await countedFailures(tx, { fromAddress }, addressSignInThrottle, now, id);
        throttle = lockOf(`address ${fromAddress}`, addressFailures, addressSignInThrottle, now);
      }
      if (throttle) await tx.signInAttempt.update({ where: { id }, data: { outcome: "throttled" } });
      return { attemptId: id, throttle };
    },
    { queueOn: SIGN_IN_ATTEMPTS_LOCK },
  );
}

/** The password check's outcome; "ok" also ends the user's count of failures. */
export async function settleSignInAttempt(attemptId: string, outcome: "ok" | "failed", tx: Tx = prisma): Promise<void> {
  await tx.signInAttempt.update({ where: { id: attemptId }, data: { outcome } });
}

async function countedFailures(
  tx: Tx,
  where: { username: string } | { fromAddress: string },
  rule: ThrottleRule,
  now: Date,
  self: string,
): Promise<Date[]> {
  const since = new Date(now.getTime() - rule.windowMs);
  // A successful sign-in of this user ends the count: the failures before it were the owner's typos.
  const lastOk =
    "username" in where
      ? await tx.signInAttempt.findFirst({
          where: { ...where, outcome: "ok", at: { gt: since } },
          orderBy: { at: "desc" },
          select: { at: true },
        })
      : null;
  // No upper bound on `at`: an attempt recorded just before this one may carry a clock reading a
  // hair later than `now`, and it still happened first.
  const rows = await tx.signInAttempt.findMany({
    where: { ...where, outcome: { in: ["pending", "failed"] }, at: { gt: lastOk?.at ?? since }, id: { not: self } },
    orderBy: { at: "desc" },
    take: rule.maxFailures,
    select: { at: true },
  });
  return rows.map((r) => r.at);
}

function lockOf(what: string, failures: Date[], rule: ThrottleRule, now: Date): SignInThrottle | null {
  const retryAfterMs = signInRetryAfterMs(failures, rule, now);
  return retryAfterMs === null ? null : { what, retryAfterMs, message: throttledMessage(what, retryAfterMs) };
}
