import "server-only";
// Sign-in rate limiting from the audit log: the failed sign-ins of one user name, and those from
// one address, within the window. Nothing is kept in process memory, so any number of console
// processes on one database agree, and a restart does not reset a lock. Attempts refused by the
// throttle itself are audited too but not counted, so a lock ends a window after the last real
// guess however often a script keeps knocking.
import {
  addressSignInThrottle, signInRetryAfterMs, THROTTLED_REASON, throttledMessage, type ThrottleRule, userSignInThrottle,
} from "@/lib/sign-in-throttle";
import { prisma } from "@/server/db";

export interface SignInThrottle {
  /** What the message names: "user alice" or "address 10.0.0.5". */
  what: string;
  retryAfterMs: number;
  message: string;
}

async function failureTimes(where: { object: string } | { fromAddress: string }, rule: ThrottleRule, now: Date): Promise<Date[]> {
  const since = new Date(now.getTime() - rule.windowMs);
  // A successful sign-in of this user ends the count: the failures before it were the owner's typos.
  const lastOk = "object" in where
    ? await prisma.auditEntry.findFirst({
      where: { ...where, action: "auth.sign-in", result: "ok", at: { gt: since, lte: now } },
      orderBy: { at: "desc" }, select: { at: true },
    })
    : null;
  const rows = await prisma.auditEntry.findMany({
    where: {
      ...where, action: "auth.sign-in", result: "refused", at: { gt: lastOk?.at ?? since, lte: now },
      NOT: { detailJson: { contains: THROTTLED_REASON } },
    },
    orderBy: { at: "desc" }, take: rule.maxFailures, select: { at: true },
  });
  return rows.map((r) => r.at);
}

/** Null when the attempt may go ahead; otherwise who is locked out and for how long. */
export async function findSignInThrottle(username: string, fromAddress: string | null, now: Date): Promise<SignInThrottle | null> {
  const checks: [string, { object: string } | { fromAddress: string }, ThrottleRule][] = [
    [`user ${username}`, { object: `user ${username}` }, userSignInThrottle],
  ];
  if (fromAddress) checks.push([`address ${fromAddress}`, { fromAddress }, addressSignInThrottle]);
  for (const [what, where, rule] of checks) {
    const retryAfterMs = signInRetryAfterMs(await failureTimes(where, rule, now), rule, now);
    if (retryAfterMs !== null) return { what, retryAfterMs, message: throttledMessage(what, retryAfterMs) };
  }
  return null;
}
