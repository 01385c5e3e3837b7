// A set's state flags (docs/instant-image.md §2.1, §4.1 state line) as badges for people: one badge per
// condition, in the order of iiadm's state line, each with a tone. The one-word summary for
// lists and counts stays lib/set-state.ts; this is the detail page's full picture.
import {
  DSW_BMPOFFLINE,
  DSW_COPYING,
  DSW_COPYINGM,
  DSW_COPYINGP,
  DSW_COPYINGS,
  DSW_COPYINGX,
  DSW_GOLDEN,
  DSW_MSTOFFLINE,
  DSW_OVERFLOW,
  DSW_OVROFFLINE,
  DSW_RESIZED,
  DSW_SHDEXPORT,
  DSW_SHDIMPORT,
  DSW_SHDOFFLINE,
  DSW_TREEMAP,
  DSW_VOVERFLOW,
} from "./dsw-flags";

/** The same words as components/status-badge.tsx's StatusTone (lib may not import components). */
export type BadgeTone = "success" | "warning" | "danger" | "info" | "neutral";

export interface SetBadge {
  label: string;
  tone: BadgeTone;
  /** What the badge means, for a tooltip. */
  description: string;
}

const flagBadges: readonly [number, SetBadge][] = [
  [
    DSW_TREEMAP,
    {
      label: "compact",
      tone: "neutral",
      description: "Dependent shadow smaller than the master, reached through an index; it can run out of space.",
    },
  ],
  [DSW_COPYINGM, { label: "master → shadow", tone: "info", description: "The copy direction is master to shadow." }],
  [
    DSW_COPYINGS,
    {
      label: "shadow → master",
      tone: "warning",
      description: "The copy direction is shadow to master: the master is being overwritten.",
    },
  ],
  [DSW_COPYINGX, { label: "abort requested", tone: "warning", description: "An abort of the copy was requested." }],
  [DSW_MSTOFFLINE, { label: "master offline", tone: "danger", description: "The master volume failed." }],
  [DSW_SHDOFFLINE, { label: "shadow offline", tone: "danger", description: "The shadow volume failed." }],
  [DSW_BMPOFFLINE, { label: "bitmap offline", tone: "danger", description: "The bitmap volume failed." }],
  [DSW_OVROFFLINE, { label: "overflow offline", tone: "danger", description: "The overflow volume failed." }],
  [
    DSW_SHDEXPORT,
    {
      label: "shadow exported",
      tone: "neutral",
      description: "The shadow is exported: this host no longer touches it; master writes are still tracked.",
    },
  ],
  [
    DSW_SHDIMPORT,
    { label: "shadow imported", tone: "neutral", description: "An imported shadow: there is no master on this host." },
  ],
  [DSW_OVERFLOW, { label: "out of space", tone: "danger", description: "The compact shadow ran out of space." }],
  [
    DSW_VOVERFLOW,
    { label: "spilled into overflow", tone: "warning", description: "Data spilled into the overflow volume." },
  ],
  [
    DSW_RESIZED,
    {
      label: "resized shadow",
      tone: "neutral",
      description: "Master and shadow sizes differ; the shadow is presented at the master's size.",
    },
  ],
];

export function setBadges(set: { flags: number; suspended: string | null }): SetBadge[] {
  const badges: SetBadge[] = [];
  if (set.suspended !== null)
    badges.push({ label: "suspended", tone: "danger", description: `Configured but not active: ${set.suspended}` });
  badges.push(
    set.flags & DSW_GOLDEN
      ? { label: "independent", tone: "neutral", description: "The shadow is a full physical copy." }
      : { label: "dependent", tone: "neutral", description: "The shadow reads unchanged chunks from the master." },
  );
  // P, or a direction bit without P: the two copy states are exclusive (§2.2).
  if (set.flags & DSW_COPYINGP)
    badges.push({ label: "copy in progress", tone: "info", description: "A copy or update is running." });
  else if (set.flags & DSW_COPYING)
    badges.push({
      label: "copy not active",
      tone: "warning",
      description: "A copy was stopped part-way: the target still depends on the source for the chunks left.",
    });
  for (const [bit, badge] of flagBadges) if (set.flags & bit) badges.push(badge);
  return badges;
}

export function setModeLabel(mode: "ind" | "dep"): string {
  return mode === "ind" ? "independent" : "dependent";
}
