// Bitmap-volume geometry and sizing: docs/instant-image.md §3.1–§3.3.
// Pure arithmetic shared by the engine (validation), the CLI (`pitcrew bitmap-size`) and the
// console's bitmap planner, so every place quotes the same numbers.

export const FBA_BYTES = 512;
/** One bitmap bit covers one chunk of 64 FBAs (DSW_SIZE). */
export const CHUNK_FBAS = 64;
export const CHUNK_BYTES = CHUNK_FBAS * FBA_BYTES;
/** Header area at the start of a bitmap volume (DSW_CBLK_FBA). */
export const HEADER_FBAS = 16;
/** Volume FBAs covered by one 512-byte bitmap FBA: 4096 chunks × 64 FBAs. */
export const VOLUME_FBAS_PER_BITMAP_FBA = 262_144;
/** Compact-dependent index: one 4-byte entry per master chunk, 128 per FBA. */
export const INDEX_ENTRIES_PER_FBA = 128;

export type BitmapKind = "independent" | "compact-dependent";

/** Number of 512-byte blocks, rounding a partial block up (a volume is addressed in FBAs). */
export function bytesToFbas(bytes: number): number {
  return Math.ceil(bytes / FBA_BYTES);
}

export function chunkCount(volumeFbas: number): number {
  return Math.ceil(volumeFbas / CHUNK_FBAS);
}

/** L = DSW_BM_FBA_LEN(masterFBAs): FBAs per bitmap (S or C). The +16 is II's slack. */
export function bitmapFbaLength(masterFbas: number): number {
  return Math.floor(masterFbas / VOLUME_FBAS_PER_BITMAP_FBA) + 16;
}

export interface BitmapLayout {
  /** FBAs per bitmap. */
  bitmapFbas: number;
  /** First FBA of the shadow bitmap S. */
  shadowBitmapFba: number;
  /** First FBA of the copy bitmap C. */
  copyBitmapFba: number;
  /** First FBA of the compact-dependent index (== end of C). */
  indexFba: number;
  /** FBAs needed for the compact index (0 for independent / full-size dependent sets). */
  indexFbas: number;
  /** Minimum bitmap volume size in FBAs. */
  minFbas: number;
}

export function bitmapLayout(masterFbas: number, kind: BitmapKind = "independent"): BitmapLayout {
  const bitmapFbas = bitmapFbaLength(masterFbas);
  const shadowBitmapFba = HEADER_FBAS;
  const copyBitmapFba = shadowBitmapFba + bitmapFbas;
  const indexFba = copyBitmapFba + bitmapFbas;
  const indexFbas = kind === "compact-dependent" ? Math.ceil(chunkCount(masterFbas) / INDEX_ENTRIES_PER_FBA) : 0;
  return { bitmapFbas, shadowBitmapFba, copyBitmapFba, indexFba, indexFbas, minFbas: indexFba + indexFbas };
}

/** Minimum bitmap volume size in bytes for a master of `masterBytes`. */
export function minBitmapBytes(masterBytes: number, kind: BitmapKind = "independent"): number {
  return bitmapLayout(bytesToFbas(masterBytes), kind).minFbas * FBA_BYTES;
}
