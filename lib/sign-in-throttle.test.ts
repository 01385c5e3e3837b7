import { describe, expect, it } from "vitest";
import { signInRetryAfterMs, throttledMessage, type ThrottleRule } from "@/lib/sign-in-throttle";

const rule: ThrottleRule = { maxFailures: 3, windowMs: 10 * 60_000 };
const now = new Date("2026-12-01T10:00:00Z");
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

describe("signInRetryAfterMs", () => {
  it("allows attempts below the limit", () => {
    expect(signInRetryAfterMs([], rule, now)).toBeNull();
    expect(signInRetryAfterMs([minutesAgo(1), minutesAgo(2)], rule, now)).toBeNull();
  });

  it("refuses at the limit until the oldest counted failure leaves the window", () => {
    expect(signInRetryAfterMs([minutesAgo(1), minutesAgo(6), minutesAgo(2)], rule, now)).toBe(4 * 60_000);
  });

  it("counts only the most recent failures when there are more than the limit", () => {
    expect(
      signInRetryAfterMs([minutesAgo(9), minutesAgo(8), minutesAgo(3), minutesAgo(2), minutesAgo(1)], rule, now),
    ).toBe(7 * 60_000);
  });

  it("counts failures stamped a little after now: attempts queued in parallel were decided before this one", () => {
    const later = (ms: number) => new Date(now.getTime() + ms);
    expect(signInRetryAfterMs([later(3), later(7), minutesAgo(1)], rule, now)).toBe(rule.windowMs - 60_000);
    expect(signInRetryAfterMs([later(3), later(7), later(9)], rule, now)).toBe(rule.windowMs + 3);
  });

  it("ignores failures older than the window", () => {
    expect(signInRetryAfterMs([minutesAgo(1), minutesAgo(2), minutesAgo(10), minutesAgo(11)], rule, now)).toBeNull();
  });
});

describe("throttledMessage", () => {
  it("says whom it is about and how long to wait, rounded up to minutes", () => {
    expect(throttledMessage("user alice", 14 * 60_000 + 1)).toBe(
      "Too many failed sign-ins for user alice: try again in 15 minutes.",
    );
    expect(throttledMessage("user alice", 60_000)).toBe(
      "Too many failed sign-ins for user alice: try again in 1 minute.",
    );
    expect(throttledMessage("address 10.0.0.5", 5_000)).toBe(
      "Too many failed sign-ins for address 10.0.0.5: try again in under a minute.",
    );
  });
});
