// A job's copy progress as the console shows it: percent, bytes, rate and time left, read from the
// progress object the agent reports ({phase, direction, chunksDone, chunksTotal, bytesDone,
// bytesTotal, rateBytesPerSec, etaSeconds, set}). Defensive: the object arrives as untyped JSON.

export interface JobProgressView {
  phase: string | null;
  direction: "to-shadow" | "to-master" | null;
  set: string | null;
  /** 0–100, whole number, never 100 before the last byte. */
  percent: number;
  bytesDone: number;
  bytesTotal: number;
  rateBytesPerSec: number;
  /** Seconds left, or null when it cannot be estimated (no rate yet). */
  etaSeconds: number | null;
}

function num(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function str(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/** Percent done, floored so 99.9 % reads 99 (100 only when done), from bytes or else chunks. */
export function percentDone(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.max(0, Math.floor((100 * done) / total)));
}

export function readJobProgress(progress: Record<string, unknown> | null | undefined): JobProgressView | null {
  if (!progress) return null;
  const bytesDone = num(progress.bytesDone) ?? 0;
  const bytesTotal = num(progress.bytesTotal) ?? 0;
  const chunksDone = num(progress.chunksDone) ?? 0;
  const chunksTotal = num(progress.chunksTotal) ?? 0;
  if (bytesTotal <= 0 && chunksTotal <= 0) return null;
  const rate = Math.max(0, num(progress.rateBytesPerSec) ?? 0);
  const reportedEta = num(progress.etaSeconds);
  const left = Math.max(0, bytesTotal - bytesDone);
  const direction = progress.direction === "to-shadow" || progress.direction === "to-master" ? progress.direction : null;
  return {
    phase: str(progress.phase),
    direction,
    set: str(progress.set),
    percent: bytesTotal > 0 ? percentDone(bytesDone, bytesTotal) : percentDone(chunksDone, chunksTotal),
    bytesDone,
    bytesTotal,
    rateBytesPerSec: rate,
    etaSeconds: reportedEta !== null ? Math.max(0, reportedEta) : rate > 0 ? left / rate : left === 0 ? 0 : null,
  };
}

/** The view of a copy that succeeded: the agent's last report may predate the last chunks. */
export function completedProgress(view: JobProgressView): JobProgressView {
  return { ...view, percent: 100, bytesDone: view.bytesTotal, etaSeconds: 0 };
}
