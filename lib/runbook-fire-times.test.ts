import { describe, expect, it } from "vitest";
import { nextFireTimes } from "./runbook-fire-times";

describe("nextFireTimes", () => {
  it("lists the next fire times in order", () => {
    const after = new Date(2026, 0, 1, 10, 30);
    const times = nextFireTimes("0 * * * *", after, 3);
    expect(times.map((t) => [t.getHours(), t.getMinutes()])).toEqual([
      [11, 0],
      [12, 0],
      [13, 0],
    ]);
  });

  it("reads the expression in the time zone it is given, not the local one", () => {
    const after = new Date("2026-01-01T00:00:00Z");
    expect(nextFireTimes("0 2 * * *", after, 2, "America/New_York").map((t) => t.toISOString())).toEqual([
      "2026-01-01T07:00:00.000Z",
      "2026-01-02T07:00:00.000Z",
    ]);
    expect(nextFireTimes("0 2 * * *", after, 1, "Asia/Tokyo").map((t) => t.toISOString())).toEqual([
      "2026-01-01T17:00:00.000Z",
    ]);
  });

  it("returns nothing for an expression croner refuses", () => {
    expect(nextFireTimes("every night", new Date(), 3)).toEqual([]);
  });
});
