// A one-line progress bar for long work on a terminal: bar, percent, bytes, rate and ETA.
import { formatByteSize } from "@/lib/byte-size";

export interface ProgressFigures {
  bytesDone: number;
  bytesTotal: number;
  rateBytesPerSec: number;
  etaSeconds: number | null;
}

const BAR_WIDTH = 24;

function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

export function formatProgressBar(label: string, p: ProgressFigures): string {
  const fraction = p.bytesTotal > 0 ? Math.min(1, p.bytesDone / p.bytesTotal) : 0;
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = `[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}]`;
  const eta = p.etaSeconds === null ? "ETA --" : `ETA ${formatDuration(p.etaSeconds)}`;
  return `${label} ${bar} ${(fraction * 100).toFixed(1).padStart(5)}% ${formatByteSize(p.bytesDone)}/${formatByteSize(p.bytesTotal)} ${formatByteSize(p.rateBytesPerSec)}/s ${eta}`;
}
