// One state word per Instant Image set for badges and counts ("sets by state" on the overview),
// derived from the DSW flag bits (docs/instant-image.md §2.2) and the suspended marker. The most
// urgent condition wins: an offline volume matters more than a copy in progress.
import { DSW_COPYING, DSW_COPYINGP, DSW_OFFLINE, DSW_OVERFLOW, DSW_SHDEXPORT, DSW_SHDIMPORT } from "./dsw-flags";

export const setStates = [
  "suspended",
  "offline",
  "out of space",
  "copying",
  "copy stopped",
  "exported",
  "imported",
  "ready",
] as const;
export type SetState = (typeof setStates)[number];

export function setStateOf(set: { flags: number; suspended: string | null }): SetState {
  if (set.suspended !== null) return "suspended";
  if (set.flags & DSW_OFFLINE) return "offline";
  if (set.flags & DSW_OVERFLOW) return "out of space";
  if (set.flags & DSW_COPYINGP) return "copying";
  if (set.flags & DSW_COPYING) return "copy stopped";
  if (set.flags & DSW_SHDEXPORT) return "exported";
  if (set.flags & DSW_SHDIMPORT) return "imported";
  return "ready";
}

/** Counts per state, in the order of setStates, leaving out states with no set. */
export function countSetStates(
  sets: readonly { flags: number; suspended: string | null }[],
): { state: SetState; count: number }[] {
  const counts = new Map<SetState, number>();
  for (const set of sets) {
    const state = setStateOf(set);
    counts.set(state, (counts.get(state) ?? 0) + 1);
  }
  return setStates.filter((s) => counts.has(s)).map((state) => ({ state, count: counts.get(state)! }));
}

/** The set's last point in time (its bitmap header's mtime, in seconds) as ISO 8601, or null when unknown. */
export function pointInTimeIso(mtime: number): string | null {
  return mtime ? new Date(mtime * 1000).toISOString() : null;
}
