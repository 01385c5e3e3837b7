// Durations for people: "12 s", "3 min 5 s", "2 h 4 min", "3 d 2 h". Two units at most, because
// an operator planning a backup window reads "1 h 12 min", not "1 h 12 min 9 s".

const UNITS = [
  { name: "d", seconds: 86_400 },
  { name: "h", seconds: 3_600 },
  { name: "min", seconds: 60 },
  { name: "s", seconds: 1 },
] as const;

/** 185 → "3 min 5 s"; negative and fractional seconds are rounded to whole seconds ≥ 0. */
export function formatDuration(seconds: number): string {
  let rest = Math.max(0, Math.round(seconds));
  if (rest === 0) return "0 s";
  const parts: string[] = [];
  for (const unit of UNITS) {
    if (parts.length === 2) break;
    const count = Math.floor(rest / unit.seconds);
    if (count > 0) parts.push(`${count} ${unit.name}`);
    else if (parts.length === 1) break; // "2 h", not "2 h 0 min"; and never skip a unit ("1 d 5 s")
    rest -= count * unit.seconds;
  }
  return parts.join(" ");
}

/** How long ago `iso` was at `now` (ms epoch): "12 s ago", "just now" under a second, "in 3 s" ahead. */
export function formatTimeAgo(iso: string, now: number): string {
  const seconds = (now - Date.parse(iso)) / 1000;
  if (Number.isNaN(seconds)) return "unknown";
  if (Math.abs(seconds) < 1) return "just now";
  return seconds > 0 ? `${formatDuration(seconds)} ago` : `in ${formatDuration(-seconds)}`;
}
