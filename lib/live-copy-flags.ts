// A set's state flags while a copy job runs. The agent reports its inventory at start, after each
// job and when asked, so during a copy the reported flags still say "no copy"; the job's live
// progress does know. This puts the copy bits (docs/instant-image.md §2.2: P plus the direction) on
// the reported flags, so badges, the one-word state and iiadm -i agree with the progress bar.
import { DSW_COPY_FLAGS, DSW_COPYINGM, DSW_COPYINGP, DSW_COPYINGS } from "./dsw-flags";
import type { CopyProgress } from "./copy-progress";

export function flagsWithLiveCopy(flags: number, live: Pick<CopyProgress, "direction"> | null | undefined): number {
  if (!live) return flags;
  return (flags & ~DSW_COPY_FLAGS) | DSW_COPYINGP | (live.direction === "to-shadow" ? DSW_COPYINGM : DSW_COPYINGS);
}
