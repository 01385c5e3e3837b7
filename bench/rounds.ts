// Repeated, rotated measurements. On this kind of VM one timed step can take 3× another run of
// the same step (the host's write cache fills and drains, other load comes and goes), and the
// step that runs first after a burst of writes is favoured: a single pass in a fixed order
// decides a ratio by luck. Every timed step therefore runs once per round, each round starts
// the sequence one step later, and the figures compared are medians over the rounds.

/** Runs `steps` in order, starting at step `round % steps.length` and wrapping around. */
export async function inRotation(round: number, steps: (() => Promise<void>)[]): Promise<void> {
  for (let i = 0; i < steps.length; i++) await steps[(i + round) % steps.length]!();
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
