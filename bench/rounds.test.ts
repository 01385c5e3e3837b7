import { describe, expect, it } from "vitest";
import { describeSpread, inRotation, medianSample } from "./rounds";

describe("bench rounds", () => {
  it("starts each round one step later, so no step always runs first", async () => {
    const order: string[][] = [];
    for (let round = 0; round < 3; round++) {
      const seen: string[] = [];
      await inRotation(round, ["a", "b", "c"].map((s) => async () => { seen.push(s); }));
      order.push(seen);
    }
    expect(order).toEqual([["a", "b", "c"], ["b", "c", "a"], ["c", "a", "b"]]);
  });

  it("picks the sample with the median time, the lower middle one for an even count", () => {
    const t = (s: { s: number }) => s.s;
    expect(medianSample([{ s: 3 }, { s: 1 }, { s: 9 }], t)).toEqual({ s: 3 });
    expect(medianSample([{ s: 4 }, { s: 1 }, { s: 9 }, { s: 2 }], t)).toEqual({ s: 2 });
    expect(() => medianSample([], t)).toThrow(/no samples/);
  });

  it("quotes the median with the range it came from", () => {
    expect(describeSpread([1.5, 0.9, 4.25])).toBe("1.50 s (0.90–4.25, 3 rounds)");
    expect(describeSpread([2])).toBe("2.00 s");
  });
});
