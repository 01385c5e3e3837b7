import { describe, expect, it } from "vitest";
import { trendPoints, type TrendRun } from "./run-trend";

const run = (id: string, durationMs: number | null, frozenMs: number): TrendRun => ({
  id,
  createdAt: `2026-01-0${id}T00:00:00Z`,
  state: "succeeded",
  durationMs,
  frozenMs,
});

describe("trendPoints", () => {
  it("places finished runs oldest first across the width, the largest at the top", () => {
    const { points, maxMs } = trendPoints(
      [run("3", null, 0), run("2", 4000, 500), run("1", 2000, 1000)],
      "durationMs",
      100,
      50,
    );
    expect(maxMs).toBe(4000);
    expect(points.map((p) => [p.runId, p.x, p.y])).toEqual([
      ["1", 0, 25],
      ["2", 100, 0],
    ]);
    expect(
      trendPoints([run("2", 4000, 500), run("1", 2000, 1000)], "frozenMs", 100, 50).points.map((p) => p.y),
    ).toEqual([0, 25]);
  });

  it("centres a single run and keeps a scale when every value is zero", () => {
    const { points, maxMs } = trendPoints([run("1", 3000, 0)], "frozenMs", 100, 50);
    expect(maxMs).toBe(1);
    expect(points).toEqual([expect.objectContaining({ x: 50, y: 50, value: 0 })]);
  });
});
