import { describe, expect, it } from "vitest";
import { balancedOrder, describeSpread, inBalancedOrder, medianSample, perRoundRatios } from "./rounds";

describe("bench rounds", () => {
  // Over a full square, the tallies a user relies on: positions and predecessors are balanced.
  function tallies(n: number, rounds: number) {
    const position = new Map<string, number>();
    const follows = new Map<string, number>();
    const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
    for (let round = 0; round < rounds; round++) {
      const order = balancedOrder(round, n);
      expect([...order].sort()).toEqual([...Array(n).keys()]);
      order.forEach((step, at) => bump(position, `${step}@${at}`));
      order.slice(1).forEach((step, at) => bump(follows, `${order[at]}>${step}`));
    }
    return { positions: new Set(position.values()), follows: new Set(follows.values()), pairs: follows.size };
  }

  it("runs every step in every position and after every other step equally often (even count)", () => {
    expect(balancedOrder(0, 4)).toEqual([0, 1, 3, 2]);
    expect(balancedOrder(1, 4)).toEqual([1, 2, 0, 3]);
    expect(tallies(4, 4)).toEqual({ positions: new Set([1]), follows: new Set([1]), pairs: 12 });
  });

  it("needs twice the rounds for an odd count, the second half reversed", () => {
    expect(balancedOrder(0, 3)).toEqual([0, 1, 2]);
    expect(balancedOrder(3, 3)).toEqual([2, 1, 0]);
    expect(tallies(3, 6)).toEqual({ positions: new Set([2]), follows: new Set([2]), pairs: 6 });
    expect(tallies(5, 10)).toEqual({ positions: new Set([2]), follows: new Set([2]), pairs: 20 });
  });

  it("runs each round's steps in that order, and starts over after a full square", async () => {
    const seen: string[][] = [];
    for (const round of [1, 5]) {
      const ran: string[] = [];
      await inBalancedOrder(
        round,
        ["a", "b", "c", "d"].map((s) => async () => {
          ran.push(s);
        }),
      );
      seen.push(ran);
    }
    expect(seen).toEqual([
      ["b", "c", "a", "d"],
      ["b", "c", "a", "d"],
    ]);
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

  it("pairs each round's reference with that round's measurement", () => {
    expect(perRoundRatios([3, 4.5, 2], [1.5, 1.5, 4])).toBe("2.00×, 3.00×, 0.50×");
  });
});
