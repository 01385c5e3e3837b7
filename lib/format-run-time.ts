// Run and freeze times: a frozen application is counted in tenths of a second ("0.4 s"), which
// formatDuration's whole seconds would hide; longer times read as formatDuration does.
import { formatDuration } from "./format-duration";

export function formatRunMs(ms: number): string {
  if (ms < 10_000) return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
  return formatDuration(ms / 1000);
}
