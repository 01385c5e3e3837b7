// Changed chunks from two extent maps (docs/consistency-modes.md): the new point-in-time clone
// against the reference clone taken at the previous point in time. While the reference lives,
// every write to the master lands in newly allocated blocks (copy-on-write of shared blocks),
// so a byte range whose physical location is the same in both clones holds the same data.
// Everything else is changed: a different location, data against a hole, a different
// unwritten state, or an extent whose location says nothing reliable (delayed allocation,
// inline or compressed data). Compared byte range by byte range, not extent by extent: XFS
// splits and merges extents where sharing changes without the data changing.
import type { Bitmap } from "./bitmap";
import type { ExtentMap } from "./block-sharing";

const FIEMAP_EXTENT_UNKNOWN = 0x2;
const FIEMAP_EXTENT_DELALLOC = 0x4;
const FIEMAP_EXTENT_ENCODED = 0x8;
const FIEMAP_EXTENT_NOT_ALIGNED = 0x100;
const FIEMAP_EXTENT_DATA_INLINE = 0x200;
const FIEMAP_EXTENT_DATA_TAIL = 0x400;
const FIEMAP_EXTENT_UNWRITTEN = 0x800;
/** A location that does not identify the data by itself. */
const UNRELIABLE =
  FIEMAP_EXTENT_UNKNOWN |
  FIEMAP_EXTENT_DELALLOC |
  FIEMAP_EXTENT_ENCODED |
  FIEMAP_EXTENT_NOT_ALIGNED |
  FIEMAP_EXTENT_DATA_INLINE |
  FIEMAP_EXTENT_DATA_TAIL;

/** A cursor over one map: at a logical offset, the extent covering it or the hole until the next. */
class Cursor {
  private i = 0;

  constructor(private readonly map: ExtentMap) {}

  /** Moves to the extent covering `at` or the first after it. */
  seek(at: number): void {
    const m = this.map;
    while (this.i < m.logical.length && m.logical[this.i]! + m.length[this.i]! <= at) this.i++;
  }

  /** The extent index covering `at`, or -1 in a hole. */
  covering(at: number): number {
    const m = this.map;
    return this.i < m.logical.length && m.logical[this.i]! <= at ? this.i : -1;
  }

  /** Where the current state (extent or hole) ends after `at`. */
  endOfState(at: number, limit: number): number {
    const m = this.map;
    if (this.i >= m.logical.length) return limit;
    const start = m.logical[this.i]!;
    return Math.min(limit, start <= at ? start + m.length[this.i]! : start);
  }
}

export interface ExtentDiff {
  changedChunks: number;
  changedBytes: number;
}

/**
 * Sets in `changed` every chunk of [0, sizeBytes) whose bytes may differ between `current` and
 * `reference`; a range past either file's end counts as a hole.
 */
export function diffExtentMaps(
  current: ExtentMap,
  reference: ExtentMap,
  sizeBytes: number,
  chunkBytes: number,
  changed: Bitmap,
): ExtentDiff {
  const a = new Cursor(current);
  const b = new Cursor(reference);
  let changedChunks = 0;
  let changedBytes = 0;
  let lastMarked = -1;
  for (let at = 0; at < sizeBytes; ) {
    a.seek(at);
    b.seek(at);
    let end = Math.min(a.endOfState(at, sizeBytes), b.endOfState(at, sizeBytes));
    // A file's end inside an extent ends the comparison there too.
    if (at < current.sizeBytes) end = Math.min(end, current.sizeBytes);
    if (at < reference.sizeBytes) end = Math.min(end, reference.sizeBytes);
    const ea = at < current.sizeBytes ? a.covering(at) : -1;
    const eb = at < reference.sizeBytes ? b.covering(at) : -1;
    let same: boolean;
    if (ea < 0 || eb < 0) {
      same = ea < 0 && eb < 0;
    } else {
      const fa = current.flags[ea]!;
      const fb = reference.flags[eb]!;
      same =
        !((fa | fb) & UNRELIABLE) &&
        (fa & FIEMAP_EXTENT_UNWRITTEN) === (fb & FIEMAP_EXTENT_UNWRITTEN) &&
        current.physical[ea]! + (at - current.logical[ea]!) === reference.physical[eb]! + (at - reference.logical[eb]!);
    }
    if (!same) {
      changedBytes += end - at;
      const first = Math.max(Math.floor(at / chunkBytes), lastMarked + 1);
      const last = Math.floor((end - 1) / chunkBytes);
      for (let c = first; c <= last; c++) changed.set(c);
      if (last >= first) changedChunks += last - first + 1;
      lastMarked = Math.max(lastMarked, last);
    }
    at = end;
  }
  return { changedChunks, changedBytes };
}

/** Bytes of a map's extents not shared with any other file: what removing the file would free. */
export function unsharedBytes(map: ExtentMap): number {
  const FIEMAP_EXTENT_SHARED = 0x2000;
  let bytes = 0;
  for (let i = 0; i < map.logical.length; i++) if (!(map.flags[i]! & FIEMAP_EXTENT_SHARED)) bytes += map.length[i]!;
  return bytes;
}
