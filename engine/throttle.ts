// The copy throttle (docs/instant-image.md §6.4): after every `unit` copy I/Os, pause `delay` ticks
// (10 ms each). II's I/Os move up to a device's maximum transfer; pitcrew's vary from one chunk
// to 4 MiB, so an I/O is counted in proportion to its size against a full-size one — a scattered
// update of single chunks is then paced like the same bytes in large I/Os, not 128× slower.
import { setTimeout as pause } from "node:timers/promises";

export interface Throttle {
  /** Copy I/Os between pauses (II: 100 … 60000). */
  unit: number;
  /** Pause in clock ticks of 10 ms (II: 2 … 10000). */
  delay: number;
}

export const TICK_MS = 10;

/** The size of a "full" copy I/O for the unit count, fixed so that -P means the same pacing
 * whatever I/O size the copy loops use. */
export const THROTTLE_FULL_IO_BYTES = 4 * 1024 * 1024;

/** A pause that ends at once when the copy is aborted (-a must not wait it out). */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return pause(ms, undefined, { signal }).catch((err: unknown) => {
    if ((err as Error).name !== "AbortError") throw err;
  });
}

export class ThrottleGate {
  private units = 0;
  private pauses = 0;

  constructor(
    private readonly current: (() => Throttle) | undefined,
    private readonly fullIoBytes: number,
    private readonly signal?: AbortSignal,
  ) {}

  /** Counts an I/O of `bytes`; when a unit's worth is done, runs `beforePause` and pauses. */
  async account(bytes: number, beforePause: () => Promise<void>): Promise<void> {
    const throttle = this.current?.();
    if (!throttle) return;
    this.units += bytes / this.fullIoBytes;
    const due = Math.floor(this.units / throttle.unit);
    if (due <= this.pauses) return;
    this.pauses = due;
    await beforePause();
    await abortableSleep(throttle.delay * TICK_MS, this.signal);
  }
}
