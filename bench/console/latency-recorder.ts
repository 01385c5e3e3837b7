// Per-route request timings of a load run: what the simulated agents and operators waited for,
// and what failed. Percentiles are nearest-rank over every sample (a run keeps them all: at most
// a few hundred thousand numbers).
export interface RouteFigures {
  route: string;
  count: number;
  failed: number;
  p50: number;
  p95: number;
  p99: number;
}

/** The nearest-rank q-quantile of ascending `sorted` (NaN when empty). */
export function nearestRank(sorted: readonly number[], q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : NaN;
}

export class LatencyRecorder {
  private readonly samples = new Map<string, number[]>();
  private readonly failures = new Map<string, number>();
  private readonly errors = new Map<string, number>();

  /** Times `request` under `route`; a rejection or a non-2xx answer counts as a failure. */
  async time<T>(route: string, request: () => Promise<T>): Promise<T | null> {
    const started = performance.now();
    try {
      const result = await request();
      this.add(route, performance.now() - started);
      return result;
    } catch (error) {
      this.failures.set(route, (this.failures.get(route) ?? 0) + 1);
      const key = `${route}: ${(error as Error).message.slice(0, 120)}`;
      this.errors.set(key, (this.errors.get(key) ?? 0) + 1);
      return null;
    }
  }

  add(route: string, ms: number): void {
    const list = this.samples.get(route) ?? [];
    if (list.length === 0) this.samples.set(route, list);
    list.push(ms);
  }

  figures(): RouteFigures[] {
    const routes = new Set([...this.samples.keys(), ...this.failures.keys()]);
    return [...routes].sort().map((route) => {
      const sorted = [...(this.samples.get(route) ?? [])].sort((a, b) => a - b);
      const at = (q: number) => nearestRank(sorted, q);
      return {
        route,
        count: sorted.length,
        failed: this.failures.get(route) ?? 0,
        p50: at(0.5),
        p95: at(0.95),
        p99: at(0.99),
      };
    });
  }

  /** The commonest failures, for the report. */
  topErrors(n = 5): string[] {
    return [...this.errors.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([what, count]) => `${count}× ${what}`);
  }
}
