// A one-line progress bar for long work on a terminal: bar, percent, bytes, rate and time left,
// with the console's own figures (lib/job-progress, lib/format-duration) so both say the same.
import { formatByteSize } from "@/lib/byte-size";
import { formatDuration } from "@/lib/format-duration";
import { percentDone } from "@/lib/job-progress";

export interface ProgressFigures {
  bytesDone: number;
  bytesTotal: number;
  rateBytesPerSec: number;
  etaSeconds: number | null;
}

const BAR_WIDTH = 24;

export function formatProgressBar(label: string, p: ProgressFigures): string {
  const percent = percentDone(p.bytesDone, p.bytesTotal);
  const filled = Math.round((percent / 100) * BAR_WIDTH);
  const bar = `[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}]`;
  const eta = p.etaSeconds === null ? "time left unknown" : `${formatDuration(p.etaSeconds)} left`;
  return `${label} ${bar} ${String(percent).padStart(3)}% ${formatByteSize(p.bytesDone)}/${formatByteSize(p.bytesTotal)} ${formatByteSize(p.rateBytesPerSec)}/s ${eta}`;
}
