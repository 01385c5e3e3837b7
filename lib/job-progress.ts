// A job's copy progress as the console shows it: percent, bytes, rate and time left, from the
// progress the agent reports (lib/copy-progress.ts), which the console hands over parsed.
import { jobProgressSchema, type JobProgress } from "./copy-progress";

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

/**
 * Any part of a progress report. The console's jobs carry whole ones; a partial one (figures
 * only, no rate yet) still reads, and anything else is no progress.
 */
const progressPartSchema = jobProgressSchema.partial();

/** Percent done, floored so 99.9 % reads 99 (100 only when done), from bytes or else chunks. */
export function percentDone(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.max(0, Math.floor((100 * done) / total)));
}

export function readJobProgress(
  progress: Partial<JobProgress> | Record<string, unknown> | null | undefined,
): JobProgressView | null {
  const parsed = progressPartSchema.safeParse(progress);
  if (!parsed.success) return null;
  const {
    bytesDone = 0,
    bytesTotal = 0,
    chunksDone = 0,
    chunksTotal = 0,
    rateBytesPerSec = 0,
    etaSeconds: reportedEta = null,
  } = parsed.data;
  if (bytesTotal <= 0 && chunksTotal <= 0) return null;
  const rate = Math.max(0, rateBytesPerSec);
  const left = Math.max(0, bytesTotal - bytesDone);
  const direction =
    parsed.data.direction === "to-shadow" || parsed.data.direction === "to-master" ? parsed.data.direction : null;
  return {
    phase: parsed.data.phase ?? null,
    direction,
    set: parsed.data.set ?? null,
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
