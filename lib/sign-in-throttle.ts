// Sign-in rate limiting, the pure half: from the times of recent failed sign-ins, is the next
// attempt refused, and for how long? server/auth/sign-in-throttle.ts reads those times from the
// audit log, so every console process (one day, many on PostgreSQL) sees the same count.

export interface ThrottleRule {
  /** Failures within the window that lock further attempts out. */
  maxFailures: number;
  windowMs: number;
}

// Five guesses per user name per quarter of an hour stops online password guessing without
// locking out someone who mistypes twice. An address gets more (several people behind one NAT).
export const userSignInThrottle: ThrottleRule = { maxFailures: 5, windowMs: 15 * 60_000 };
export const addressSignInThrottle: ThrottleRule = { maxFailures: 20, windowMs: 15 * 60_000 };

/** The audit detail reason of an attempt refused by the throttle (not counted as a failure itself). */
export const THROTTLED_REASON = "too many failed sign-ins";

/**
 * Milliseconds until another attempt is allowed, or null when it is allowed now. `failures` are
 * the failure times within the window (any order). The lock lifts when the oldest of the last
 * `maxFailures` failures leaves the window, so a sliding window and no stored lock state.
 */
export function signInRetryAfterMs(failures: readonly Date[], rule: ThrottleRule, now: Date): number | null {
  const since = now.getTime() - rule.windowMs;
  // No upper bound: attempts are stamped before they queue, so one decided earlier can carry a
  // later clock reading than this one's `now`, and it still happened first. Dropping it let
  // parallel guesses through: 7 of 40 reached a password check on PostgreSQL.
  const recent = failures
    .map((d) => d.getTime())
    .filter((t) => t > since)
    .sort((a, b) => b - a);
  if (recent.length < rule.maxFailures) return null;
  const oldestCounted = recent[rule.maxFailures - 1]!;
  return Math.max(1, oldestCounted + rule.windowMs - now.getTime());
}

/** "Too many failed sign-ins for user alice: try again in 14 minutes." */
export function throttledMessage(what: string, retryAfterMs: number): string {
  const minutes = Math.ceil(retryAfterMs / 60_000);
  const wait = retryAfterMs < 60_000 ? "in under a minute" : `in ${minutes} minute${minutes === 1 ? "" : "s"}`;
  return `Too many failed sign-ins for ${what}: try again ${wait}.`;
}
