// Repeated measurements in a balanced order. On this kind of VM one timed step can take 3× another
// run of the same step (the host's write cache fills and drains, other load comes and goes), and
// a step is helped or hurt by the one just before it (a burst of writes still draining): a single
// pass in a fixed order decides a ratio by luck. Every timed step therefore runs once per round,
// the rounds follow the rows of a balanced Latin square (over a full square, each step runs in
// each position and right after each other step equally often), and the figures compared are
// medians over the rounds.

/**
 * Row `round` of a Williams design for `n` steps: the first row is 0, 1, n-1, 2, n-2, …, row r
 * adds r to each (mod n), and for odd n the next n rows are those reversed. Over n rounds (2n for
 * odd n) every step runs in every position equally often and follows every other step equally
 * often. (A plain rotation keeps each step's predecessor fixed: the CLI copy always ran right
 * after the in-process copy had written the same amount.)
 */
export function balancedOrder(round: number, n: number): number[] {
  const base = [0];
  for (let j = 1, lo = 1, hi = n - 1; j < n; j++) base.push(j % 2 === 1 ? lo++ : hi--);
  const rows = n % 2 === 0 ? n : 2 * n;
  const r = round % rows;
  const row = base.map((b) => (b + r) % n);
  return r < n ? row : base.map((b) => (b + r - n) % n).reverse();
}

/** Runs `steps` in the order of `balancedOrder(round, steps.length)`. */
export async function inBalancedOrder(round: number, steps: (() => Promise<void>)[]): Promise<void> {
  for (const i of balancedOrder(round, steps.length)) await steps[i]!();
}

/** The sample with the median time (the lower middle one for an even count). */
export function medianSample<T>(samples: T[], seconds: (t: T) => number): T {
  if (!samples.length) throw new Error("medianSample: no samples");
  const sorted = [...samples].sort((a, b) => seconds(a) - seconds(b));
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** "1.21 s (1.02–3.40, 3 rounds)": the median and the range it was taken from. */
export function describeSpread(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  if (sorted.length === 1) return `${median.toFixed(2)} s`;
  return `${median.toFixed(2)} s (${sorted[0]!.toFixed(2)}–${sorted.at(-1)!.toFixed(2)}, ${sorted.length} rounds)`;
}

/**
 * "1.64×, 1.45×, 1.50×": `reference[i] / measured[i]` for each round. Steps of one round run
 * minutes apart at most, so these per-round ratios show how much of the spread in the medians
 * is the host drifting between rounds rather than the tools.
 */
export function perRoundRatios(reference: number[], measured: number[]): string {
  return measured.map((m, i) => `${(reference[i]! / m).toFixed(2)}×`).join(", ");
}
