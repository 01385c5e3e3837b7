import { describe, expect, it } from "vitest";
import { formatDuration, formatTimeAgo } from "./format-duration";

describe("formatDuration", () => {
  it.each([
    [0, "0 s"],
    [0.4, "0 s"],
    [-5, "0 s"],
    [12, "12 s"],
    [60, "1 min"],
    [185, "3 min 5 s"],
    [3600, "1 h"],
    [7440, "2 h 4 min"],
    [7449, "2 h 4 min"],
    [86_400 + 5, "1 d"],
    [3 * 86_400 + 2 * 3600 + 59, "3 d 2 h"],
  ])("%s s reads %s", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe("formatTimeAgo", () => {
  const now = Date.parse("2026-01-01T12:00:00Z");
  it("says how long ago a past time was", () => {
    expect(formatTimeAgo("2026-01-01T11:59:48Z", now)).toBe("12 s ago");
    expect(formatTimeAgo("2026-01-01T10:00:00Z", now)).toBe("2 h ago");
  });
  it("says just now under a second and 'in' for a future time (clock skew)", () => {
    expect(formatTimeAgo("2026-01-01T12:00:00.500Z", now)).toBe("just now");
    expect(formatTimeAgo("2026-01-01T12:00:03Z", now)).toBe("in 3 s");
  });
  it("says unknown for text that is not a time", () => {
    expect(formatTimeAgo("never", now)).toBe("unknown");
  });
});
