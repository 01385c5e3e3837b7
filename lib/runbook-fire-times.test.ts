import { describe, expect, it } from "vitest";
import { nextFireTimes } from "./runbook-fire-times";

describe("nextFireTimes", () => {
  it("lists the next fire times in order", () => {
    const after = new Date(2026, 0, 1, 10, 30);
    const times = nextFireTimes("0 * * * *", after, 3);
    expect(times.map((t) => [t.getHours(), t.getMinutes()])).toEqual([[11, 0], [12, 0], [13, 0]]);
  });

  it("returns nothing for an expression croner refuses", () => {
    expect(nextFireTimes("every night", new Date(), 3)).toEqual([]);
  });
});
