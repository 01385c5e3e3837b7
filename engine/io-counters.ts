// Progress figures for copies and scans: bytes and chunks done, rate over a sliding window and
// ETA, reported at least once a second (the requirement for every long operation). The
// figures are lib/copy-progress.ts's, so what the meter measures is what the protocol carries.
import type { ProgressFigures } from "@/lib/copy-progress";

export type ProgressCounters = ProgressFigures & { elapsedMs: number };

const WINDOW_MS = 5000;

export class ProgressMeter {
  private readonly started = Date.now();
  private samples: { at: number; bytes: number }[] = [];
  chunksDone = 0;
  bytesDone = 0;

  constructor(
    readonly chunksTotal: number,
    readonly bytesTotal: number,
  ) {}

  add(chunks: number, bytes: number): void {
    this.chunksDone += chunks;
    this.bytesDone += bytes;
  }

  snapshot(): ProgressCounters {
    const now = Date.now();
    this.samples.push({ at: now, bytes: this.bytesDone });
    while (this.samples.length > 2 && now - this.samples[0]!.at > WINDOW_MS) this.samples.shift();
    const first = this.samples[0]!;
    const span = (now - first.at) / 1000;
    const rate =
      span > 0.2
        ? (this.bytesDone - first.bytes) / span
        : this.bytesDone / Math.max((now - this.started) / 1000, 0.001);
    const left = this.bytesTotal - this.bytesDone;
    return {
      chunksDone: this.chunksDone,
      chunksTotal: this.chunksTotal,
      bytesDone: this.bytesDone,
      bytesTotal: this.bytesTotal,
      rateBytesPerSec: Math.round(rate),
      etaSeconds: left <= 0 ? 0 : rate > 0 ? Math.ceil(left / rate) : null,
      elapsedMs: now - this.started,
    };
  }

  /** Calls `report` every second until the returned stop function runs (which reports once more). */
  every(report: (p: ProgressCounters) => void, intervalMs = 1000): () => void {
    const timer = setInterval(() => report(this.snapshot()), intervalMs);
    return () => {
      clearInterval(timer);
      report(this.snapshot());
    };
  }
}
