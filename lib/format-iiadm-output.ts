// Text output of `iiadm` (docs/instant-image.md §4: §4.1 status, §4.2 list, §4.3 other listings),
// byte for byte, so scripts written against iiadm keep parsing pitcrew's output. Pure: data
// in, text out; every formatter returns whole lines, each ending in "\n" ("" for nothing).
// formatCopyProgressLine is pitcrew's own (iiadm -w prints nothing while it waits).
// In lib/ because the CLI and the console's set page both print it.

import { formatByteSize } from "@/lib/byte-size";
import { describeConsistency } from "@/lib/consistency-mode";
import { DSW_BMPOFFLINE, stateLine } from "@/lib/dsw-flags";
import type { CopyProgress } from "@/lib/copy-progress";
import { percentOfBitmapSet, type SetMode, type SetStatus } from "@/lib/set-status";

export interface FormatStatusOptions {
  /**
   * IANA zone for "Latest modified time". iiadm prints ctime(3), i.e. the host's local
   * time, which is the default; tests and the console pass an explicit zone.
   */
  timeZone?: string;
  /**
   * Adds a "Copy progress:" line (rate, ETA) under a set whose copy runs. Not iiadm's: the CLI
   * shows it on a terminal only, so scripts parsing -i see exactly iiadm's lines.
   */
  showProgress?: boolean;
}

export interface ListRow {
  mode: SetMode;
  master: string;
  shadow: string;
  bitmap: string;
  /** Configured but not known to the engine (§4.2). */
  suspended: boolean;
}

const SEPARATOR = "-".repeat(78);
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

const lines = (list: readonly string[]): string => list.map((line) => `${line}\n`).join("");
const pad2 = (n: number): string => String(n).padStart(2, "0");

/** Wall-clock fields of an instant in a zone (undefined = the process's local zone). */
function wallClock(epochMs: number, timeZone: string | undefined) {
  if (timeZone === undefined) {
    // Date's local fields give the same answer for the local zone, without the 15–30 ms it takes
    // to build an Intl.DateTimeFormat: a tenth of what a polled `iiadm -i` costs.
    const d = new Date(epochMs);
    return {
      year: d.getFullYear(),
      month: d.getMonth(),
      day: d.getDate(),
      weekday: d.getDay(),
      hour: d.getHours(),
      minute: d.getMinutes(),
      second: d.getSeconds(),
    };
  }
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(new Date(epochMs));
  const field = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((part) => part.type === type)?.value ?? Number.NaN);
  const year = field("year");
  const month = field("month") - 1;
  const day = field("day");
  // The weekday of a calendar date does not depend on the zone, so compute it in UTC.
  const weekday = new Date(Date.UTC(year, month, day)).getUTCDay();
  return { year, month, day, weekday, hour: field("hour"), minute: field("minute"), second: field("second") };
}

/** C ctime(3) text without its newline: "Tue Mar  4 02:00:13 2008" (day padded with a space). */
export function formatCtime(epochSeconds: number, timeZone?: string): string {
  const t = wallClock(epochSeconds * 1000, timeZone);
  const day = String(t.day).padStart(2, " ");
  return `${WEEKDAYS[t.weekday]} ${MONTHS[t.month]} ${day} ${pad2(t.hour)}:${pad2(t.minute)}:${pad2(t.second)} ${t.year}`;
}

/** The lines of one set in `iiadm -i`, in II's order (§4.1). */
function statusLines(set: SetStatus, options: FormatStatusOptions): string[] {
  const timeZone = options.timeZone;
  const out = [`${set.master}: (master volume)`, `${set.shadow}: (shadow volume)`, `${set.bitmap}: (bitmap volume)`];
  // Configured but not in the engine: iiadm stops after this line.
  if (set.suspended !== null) return [...out, "Suspended."];
  if (set.overflow) out.push(`${set.overflow}: (overflow volume)`);
  if (set.group) out.push(`Group name: ${set.group}`);
  if (set.clusterTag) out.push(`Cluster tag: ${set.clusterTag}`);
  out.push(stateLine(set.flags));
  out.push(
    set.mtime !== 0 ? `Latest modified time: ${formatCtime(set.mtime, timeZone)}` : "Latest modified time: unknown",
  );
  out.push(`Volume size: ${String(set.sizeFbas).padStart(8, " ")}`);
  if (set.shadowChunksTotal !== 0) {
    out.push(`Shadow chunks total: ${set.shadowChunksTotal} Shadow chunks used: ${set.shadowChunksUsed}`);
  }
  // iiadm cannot read an offline bitmap, so it prints no percentage at all.
  if ((set.flags & DSW_BMPOFFLINE) === 0) {
    const percent = percentOfBitmapSet(set);
    out.push(`Percent of bitmap set: ${percent}`);
    // Meant to tell "0 %" apart from "nothing", but iiadm's arithmetic shows it below 100 %.
    // A copy that stopped short is never "clean", whatever its bitmap holds: an update stopped
    // in its scan had not yet recorded the chunks it would have found.
    if (percent < 100) out.push(set.bitsSet > 0 || set.incomplete ? "\t(bitmap dirty)" : "\t(bitmap clean)");
  }
  // pitcrew's own line (iiadm has none): why the point in time is not complete.
  if (set.incomplete) out.push(`Copy incomplete: ${set.incomplete}`);
  out.push(...consistencyLines(set, timeZone));
  if (options.showProgress && set.progress) out.push(`Copy progress: ${formatCopyProgressLine(set.progress)}`);
  return out;
}

/**
 * pitcrew's own lines after iiadm's (docs/consistency-modes.md): the set's consistency mode and,
 * for an instant set, its reference clone. None from an agent older than instant mode, whose
 * status carries no mode, so its output stays iiadm's exactly.
 */
function consistencyLines(set: SetStatus, timeZone: string | undefined): string[] {
  if (!set.consistency) return [];
  const out = [`Consistency: ${describeConsistency(set.consistency)}`];
  const clone = set.consistency.mode === "instant" ? set.clone : null;
  if (clone) {
    const held = clone.heldBytes === null ? "an unknown amount" : formatByteSize(clone.heldBytes);
    out.push(
      `Point-in-time clone: ${formatCtime(Math.floor(clone.takenAt / 1000), timeZone)}, took ${Math.round(clone.cloneMs)} ms, ` +
        `master extents ${clone.masterExtents}, reference clone holds ${held}`,
    );
    if (clone.lastUpdate)
      out.push(`Last update: ${clone.lastUpdate}${clone.lastUpdateNote ? ` (${clone.lastUpdateNote})` : ""}`);
  }
  return out;
}

/** `iiadm -i [set|all]` / `iiadm -g G -i` (§4.1): sets in the order given, 78-dash separators. */
export function formatStatus(sets: readonly SetStatus[], options: FormatStatusOptions = {}): string {
  return sets.map((set, index) => lines([...(index > 0 ? [SEPARATOR] : []), ...statusLines(set, options)])).join("");
}

/** `iiadm -l` / `iiadm -g G -l` (§4.2): `ind|dep master shadow bitmap[ (suspended)]`. */
export function formatList(rows: readonly ListRow[]): string {
  return lines(
    rows.map((row) => `${row.mode} ${row.master} ${row.shadow} ${row.bitmap}${row.suspended ? " (suspended)" : ""}`),
  );
}

/** `iiadm -g -L` (§4.3): non-empty group names through `sort -u` (C-locale byte order). */
export function formatGroups(names: readonly string[]): string {
  const unique = [...new Set(names.filter((name) => name !== ""))];
  return lines(unique.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** `iiadm -P set` (§4.3): the three "get" lines. */
export function formatParams(set: string, delay: number, unit: number): string {
  return lines([`volume: ${set}`, `copy delay: ${delay}`, `copy unit: ${unit}`]);
}

/** `iiadm -v` (§4.3): "X.Y", or "X.Y.Z" when the micro number is not 0. */
export function formatVersion(version: string): string {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(version);
  if (!match) return lines([`Point in Time Copy version ${version}`]);
  const [, major, minor, micro] = match;
  const shown = micro !== undefined && Number(micro) !== 0 ? `${major}.${minor}.${Number(micro)}` : `${major}.${minor}`;
  return lines([`Point in Time Copy version ${shown}`]);
}

/** h:mm:ss; "--" when the engine has no estimate yet. */
function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return "--";
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  return `${h}:${pad2(Math.floor((total % 3600) / 60))}:${pad2(total % 60)}`;
}

/**
 * One status line for a copy in progress, for `-w` on a terminal, e.g.
 * "copying master to shadow:  63% 12.6 GiB of 20 GiB, 180 MiB/s, ETA 0:00:41".
 * No newline and no ANSI codes: the caller decides how to redraw it.
 */
export function formatCopyProgressLine(progress: CopyProgress): string {
  const label =
    progress.phase === "scanning"
      ? "scanning for changes"
      : progress.direction === "to-shadow"
        ? "copying master to shadow"
        : "copying shadow to master";
  const [done, total] =
    progress.bytesTotal > 0 ? [progress.bytesDone, progress.bytesTotal] : [progress.chunksDone, progress.chunksTotal];
  // Floor, so 100 % only shows once everything is done.
  const percent = total > 0 ? Math.min(100, Math.floor((100 * done) / total)) : 0;
  const rate = `${formatByteSize(Math.max(0, Math.round(progress.rateBytesPerSec)))}/s`;
  const amount = `${formatByteSize(progress.bytesDone)} of ${formatByteSize(progress.bytesTotal)}`;
  return `${label}: ${String(percent).padStart(3, " ")}% ${amount}, ${rate}, ETA ${formatEta(progress.etaSeconds)}`;
}
