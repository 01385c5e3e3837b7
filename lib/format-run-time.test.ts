import { describe, expect, it } from "vitest";
import { formatRunMs } from "./format-run-time";

describe("formatRunMs", () => {
  it("shows tenths of a second under 10 s, then whole units", () => {
    expect(formatRunMs(0)).toBe("0.0 s");
    expect(formatRunMs(420)).toBe("0.4 s");
    expect(formatRunMs(9_940)).toBe("9.9 s");
    expect(formatRunMs(75_000)).toBe("1 min 15 s");
  });
});
