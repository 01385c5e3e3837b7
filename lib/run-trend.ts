// The runbook page's trend charts (duration and freeze time per run): finished runs oldest
// first, placed on a chart of a given size. Pure, so the scale is tested without a browser.

export interface TrendRun {
  id: string;
  createdAt: string;
  state: string;
  durationMs: number | null;
  frozenMs: number;
}

export type TrendMetric = "durationMs" | "frozenMs";

export interface TrendPoint {
  runId: string;
  at: string;
  state: string;
  /** Milliseconds. */
  value: number;
  x: number;
  y: number;
}

/** Runs newest first (runbook.runs) → finished runs oldest first, placed in width × height (y grows down). */
export function trendPoints(
  runs: readonly TrendRun[],
  metric: TrendMetric,
  width: number,
  height: number,
): { points: TrendPoint[]; maxMs: number } {
  const finished = runs
    .filter((r) => r.durationMs !== null)
    .slice()
    .reverse();
  const values = finished.map((r) => (metric === "durationMs" ? (r.durationMs ?? 0) : r.frozenMs));
  // Never 0: a chart of zero freeze times still needs a scale.
  const maxMs = Math.max(1, ...values);
  const step = finished.length > 1 ? width / (finished.length - 1) : 0;
  const points = finished.map((r, i) => ({
    runId: r.id,
    at: r.createdAt,
    state: r.state,
    value: values[i]!,
    x: finished.length > 1 ? i * step : width / 2,
    y: height - (values[i]! / maxMs) * height,
  }));
  return { points, maxMs };
}
