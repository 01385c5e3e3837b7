// The extent-map diff (docs/consistency-modes.md) on hand-made maps: what counts as the same
// byte range (same physical location, both written or both unwritten, a reliable location) and
// what is changed (everything else), chunk by chunk. engine/write-shapes.test.ts checks it
// against real writes on XFS and btrfs.
import { describe, expect, it } from "vitest";
import { Bitmap } from "./bitmap";
import type { ExtentMap } from "./block-sharing";
import { diffExtentMaps, unsharedBytes } from "./extent-map-diff";

const KiB = 1024;
const CHUNK = 32 * KiB;
const FIEMAP_EXTENT_LAST = 0x1;
const FIEMAP_EXTENT_UNKNOWN = 0x2;
const FIEMAP_EXTENT_DELALLOC = 0x4;
const FIEMAP_EXTENT_ENCODED = 0x8;
const FIEMAP_EXTENT_NOT_ALIGNED = 0x100;
const FIEMAP_EXTENT_DATA_INLINE = 0x200;
const FIEMAP_EXTENT_UNWRITTEN = 0x800;
const FIEMAP_EXTENT_SHARED = 0x2000;

/** One extent: logical offset, physical offset, length (bytes) and FIEMAP flags. */
type E = [logical: number, physical: number, length: number, flags?: number];

function map(sizeBytes: number, ...extents: E[]): ExtentMap {
  return {
    sizeBytes,
    logical: Float64Array.from(extents.map((e) => e[0])),
    physical: Float64Array.from(extents.map((e) => e[1])),
    length: Float64Array.from(extents.map((e) => e[2])),
    flags: Uint32Array.from(extents.map((e) => e[3] ?? 0)),
  };
}

/** The chunks set by diffing `current` against `reference` over `sizeBytes`, and the totals. */
function diff(current: ExtentMap, reference: ExtentMap, sizeBytes = current.sizeBytes) {
  const chunks = Math.ceil(sizeBytes / CHUNK);
  const bitmap = new Bitmap(chunks);
  const totals = diffExtentMaps(current, reference, sizeBytes, CHUNK, bitmap);
  const set: number[] = [];
  for (let c = 0; c < chunks; c++) if (bitmap.get(c)) set.push(c);
  return { set, ...totals };
}

const MiB = 1024 * KiB;
const P = 100 * MiB; // a physical offset far from the logical ones

describe("diffExtentMaps", () => {
  it("finds nothing between identical maps", () => {
    const m = map(MiB, [0, P, MiB, FIEMAP_EXTENT_LAST | FIEMAP_EXTENT_SHARED]);
    expect(diff(m, m)).toEqual({ set: [], changedChunks: 0, changedBytes: 0 });
  });

  it("finds nothing between two empty maps (a sparse file, holes on both sides)", () => {
    expect(diff(map(MiB), map(MiB))).toEqual({ set: [], changedChunks: 0, changedBytes: 0 });
  });

  it("marks data against a hole as changed, both ways, and a hole against a hole as not", () => {
    // Reference: data in chunks 0-1 only. Current: data in chunks 0-1 (same place) and 4.
    const reference = map(MiB, [0, P, 2 * CHUNK]);
    const current = map(MiB, [0, P, 2 * CHUNK], [4 * CHUNK, P + 10 * MiB, CHUNK]);
    expect(diff(current, reference)).toEqual({ set: [4], changedChunks: 1, changedBytes: CHUNK });
    // Data that became a hole (punched) is changed too.
    expect(diff(reference, current)).toEqual({ set: [4], changedChunks: 1, changedBytes: CHUNK });
  });

  it("marks a hole punched inside one extent, and only the chunks it touches", () => {
    const reference = map(MiB, [0, P, MiB, FIEMAP_EXTENT_LAST]);
    // 4 KiB punched at 3 chunks + 8 KiB: the extent is split around it, same physical mapping.
    const at = 3 * CHUNK + 8 * KiB;
    const current = map(MiB, [0, P, at], [at + 4 * KiB, P + at + 4 * KiB, MiB - at - 4 * KiB, FIEMAP_EXTENT_LAST]);
    expect(diff(current, reference)).toEqual({ set: [3], changedChunks: 1, changedBytes: 4 * KiB });
  });

  it("does not mark extents split or merged differently when the physical mapping is the same", () => {
    // XFS splits extents where sharing changes: the same bytes at the same places in 1, 3 or 5 pieces.
    const one = map(MiB, [0, P, MiB, FIEMAP_EXTENT_LAST | FIEMAP_EXTENT_SHARED]);
    const three = map(
      MiB,
      [0, P, 100 * KiB, FIEMAP_EXTENT_SHARED],
      [100 * KiB, P + 100 * KiB, 4 * KiB],
      [104 * KiB, P + 104 * KiB, MiB - 104 * KiB, FIEMAP_EXTENT_LAST | FIEMAP_EXTENT_SHARED],
    );
    const five = map(
      MiB,
      [0, P, 12 * KiB],
      [12 * KiB, P + 12 * KiB, 100 * KiB],
      [112 * KiB, P + 112 * KiB, 400 * KiB],
      [512 * KiB, P + 512 * KiB, 256 * KiB],
      [768 * KiB, P + 768 * KiB, 256 * KiB, FIEMAP_EXTENT_LAST],
    );
    for (const [a, b] of [
      [one, three],
      [three, one],
      [three, five],
      [five, one],
    ] as const) {
      expect(diff(a, b)).toEqual({ set: [], changedChunks: 0, changedBytes: 0 });
    }
  });

  it("marks a range whose physical location moved (copy-on-write of a shared block)", () => {
    const reference = map(MiB, [0, P, MiB, FIEMAP_EXTENT_LAST | FIEMAP_EXTENT_SHARED]);
    // 4 KiB at 5 chunks + 4 KiB was rewritten elsewhere: the current map is split around it.
    const at = 5 * CHUNK + 4 * KiB;
    const current = map(
      MiB,
      [0, P, at, FIEMAP_EXTENT_SHARED],
      [at, 2 * P, 4 * KiB],
      [at + 4 * KiB, P + at + 4 * KiB, MiB - at - 4 * KiB, FIEMAP_EXTENT_LAST | FIEMAP_EXTENT_SHARED],
    );
    expect(diff(current, reference)).toEqual({ set: [5], changedChunks: 1, changedBytes: 4 * KiB });
  });

  it("marks both chunks of a range across a chunk boundary", () => {
    const reference = map(MiB, [0, P, MiB]);
    const at = 8 * CHUNK - 4 * KiB;
    const current = map(MiB, [0, P, at], [at, 3 * P, 8 * KiB], [at + 8 * KiB, P + at + 8 * KiB, MiB - at - 8 * KiB]);
    expect(diff(current, reference)).toEqual({ set: [7, 8], changedChunks: 2, changedBytes: 8 * KiB });
  });

  it("counts a chunk once when several changed ranges fall in it, and sums their bytes", () => {
    const reference = map(MiB, [0, P, MiB]);
    const c = 6 * CHUNK;
    const current = map(
      MiB,
      [0, P, c],
      [c, 2 * P, 4 * KiB],
      [c + 4 * KiB, P + c + 4 * KiB, 8 * KiB],
      [c + 12 * KiB, 2 * P + 12 * KiB, 4 * KiB],
      [c + 16 * KiB, P + c + 16 * KiB, MiB - c - 16 * KiB],
    );
    expect(diff(current, reference)).toEqual({ set: [6], changedChunks: 1, changedBytes: 8 * KiB });
  });

  it("marks the same location with a different unwritten state (zero-range, preallocation written)", () => {
    const written = map(MiB, [0, P, MiB]);
    const unwrittenTail = map(
      MiB,
      [0, P, 10 * CHUNK],
      [10 * CHUNK, P + 10 * CHUNK, MiB - 10 * CHUNK, FIEMAP_EXTENT_UNWRITTEN],
    );
    const chunks = Array.from({ length: MiB / CHUNK - 10 }, (_, i) => 10 + i);
    expect(diff(unwrittenTail, written).set).toEqual(chunks);
    expect(diff(written, unwrittenTail).set).toEqual(chunks);
    // Unwritten on both sides at the same place: not changed.
    expect(diff(unwrittenTail, unwrittenTail).set).toEqual([]);
  });

  it("marks an unwritten extent against a hole (new preallocation), though both read as zeros", () => {
    const hole = map(MiB, [0, P, CHUNK]);
    const prealloc = map(MiB, [0, P, CHUNK], [CHUNK, 2 * P, CHUNK, FIEMAP_EXTENT_UNWRITTEN]);
    expect(diff(prealloc, hole).set).toEqual([1]);
  });

  it.each([
    ["DELALLOC", FIEMAP_EXTENT_DELALLOC | FIEMAP_EXTENT_UNKNOWN],
    ["ENCODED", FIEMAP_EXTENT_ENCODED],
    ["UNKNOWN", FIEMAP_EXTENT_UNKNOWN],
    ["DATA_INLINE", FIEMAP_EXTENT_DATA_INLINE | FIEMAP_EXTENT_NOT_ALIGNED],
  ])("marks an extent flagged %s as changed even at the same physical location", (_name, flag) => {
    const plain = map(MiB, [0, P, MiB]);
    const flagged = map(
      MiB,
      [0, P, 2 * CHUNK],
      [2 * CHUNK, P + 2 * CHUNK, CHUNK, flag],
      [3 * CHUNK, P + 3 * CHUNK, MiB - 3 * CHUNK],
    );
    expect(diff(flagged, plain).set).toEqual([2]);
    expect(diff(plain, flagged).set).toEqual([2]);
    // Flagged on both sides: still no proof of sameness.
    expect(diff(flagged, flagged).set).toEqual([2]);
  });

  it("ignores flags that say nothing about the data (LAST, SHARED)", () => {
    const a = map(MiB, [0, P, MiB, FIEMAP_EXTENT_LAST | FIEMAP_EXTENT_SHARED]);
    const b = map(MiB, [0, P, MiB / 2], [MiB / 2, P + MiB / 2, MiB / 2, FIEMAP_EXTENT_SHARED]);
    expect(diff(a, b).set).toEqual([]);
  });

  it("ends the comparison at a file's end inside its last extent (a block past the end)", () => {
    // Both files end 100 bytes into chunk 3; their last blocks map to the same place. Nothing changed.
    const size = 3 * CHUNK + 100;
    const a = map(size, [0, P, 3 * CHUNK + 4 * KiB, FIEMAP_EXTENT_LAST]);
    expect(diff(a, a)).toEqual({ set: [], changedChunks: 0, changedBytes: 0 });
    // The current file is 50 bytes shorter: the 50 bytes past its end count as a hole against
    // the reference's data, although the extent is the same.
    const shorter = map(size - 50, [0, P, 3 * CHUNK + 4 * KiB, FIEMAP_EXTENT_LAST]);
    expect(diff(shorter, a, size)).toEqual({ set: [3], changedChunks: 1, changedBytes: 50 });
    expect(diff(a, shorter, size)).toEqual({ set: [3], changedChunks: 1, changedBytes: 50 });
  });

  it("marks what one file has past the other's end (sizes differing: shrunk, or grown past a hole)", () => {
    const full = map(MiB, [0, P, MiB]);
    // Its last block (4 KiB) ends at chunk 27, past the new end.
    const shrunk = map(MiB - 5 * CHUNK - 1000, [0, P, 27 * CHUNK]);
    // Chunk 26 holds the new end (1000 bytes before chunk 27 ends); chunks 27-31 are past it.
    expect(diff(shrunk, full, MiB).set).toEqual([26, 27, 28, 29, 30, 31]);
    expect(diff(shrunk, full, MiB).changedBytes).toBe(5 * CHUNK + 1000);
    // Shrunk and extended back: the tail is a hole now, and the block holding the new end was
    // zeroed past it by the truncate, so written elsewhere (copy-on-write while shared).
    const extendedBack = map(MiB, [0, P, 27 * CHUNK - 4 * KiB], [27 * CHUNK - 4 * KiB, 2 * P, 4 * KiB]);
    expect(diff(extendedBack, full).set).toEqual([26, 27, 28, 29, 30, 31]);
  });

  it("only compares [0, sizeBytes): data past it (an append) is not looked at", () => {
    const reference = map(MiB, [0, P, MiB]);
    const appended = map(2 * MiB, [0, P, MiB], [MiB, 2 * P, MiB]);
    expect(diff(appended, reference, MiB)).toEqual({ set: [], changedChunks: 0, changedBytes: 0 });
  });

  it("marks a last chunk shorter than a chunk (a size not a multiple of 32 KiB)", () => {
    const size = 4 * CHUNK + 4 * KiB;
    const a = map(size, [0, P, size]);
    const b = map(size, [0, P, 4 * CHUNK], [4 * CHUNK, 2 * P, 4 * KiB]);
    expect(diff(b, a)).toEqual({ set: [4], changedChunks: 1, changedBytes: 4 * KiB });
  });

  it("leaves bits already set in the bitmap alone and adds to them", () => {
    const bitmap = new Bitmap(32);
    bitmap.set(0);
    const reference = map(MiB, [0, P, MiB]);
    const current = map(
      MiB,
      [0, P, 9 * CHUNK],
      [9 * CHUNK, 2 * P, CHUNK],
      [10 * CHUNK, P + 10 * CHUNK, MiB - 10 * CHUNK],
    );
    diffExtentMaps(current, reference, MiB, CHUNK, bitmap);
    expect(bitmap.get(0)).toBe(true);
    expect(bitmap.get(9)).toBe(true);
    expect(bitmap.count()).toBe(2);
  });
});

describe("unsharedBytes", () => {
  it("sums the extents not flagged SHARED", () => {
    const m = map(
      MiB,
      [0, P, 256 * KiB, FIEMAP_EXTENT_SHARED],
      [256 * KiB, 2 * P, 4 * KiB],
      [260 * KiB, P + 260 * KiB, MiB - 260 * KiB, FIEMAP_EXTENT_SHARED | FIEMAP_EXTENT_LAST],
    );
    expect(unsharedBytes(m)).toBe(4 * KiB);
    expect(unsharedBytes(map(MiB))).toBe(0);
  });
});
