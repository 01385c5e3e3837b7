// Bringing a configured set "online" (II's resume checks, docs/instant-image.md §3.4): the bitmap
// header must be live (DIRTY or CLEAN) and name exactly the configured volumes, and those paths
// must still be the same volumes. Anything else is refused with the reason, never trusted.
import { MAGIC_CLEAN, MAGIC_DIRTY, type BitmapHeader } from "./bitmap-header";
import { BitmapVolume } from "./bitmap-volume";
import type { SetRecord } from "./config-store";
import { EngineError } from "./engine-error";
import { volumeInfo, type VolumeInfo } from "./volume";

export const IMPORTED_MASTER = "<imported_shadow>";

export interface OpenSet {
  record: SetRecord;
  bitmap: BitmapVolume;
  master: VolumeInfo | null;
  shadow: VolumeInfo;
}

function checkHeader(
  h: BitmapHeader,
  record: SetRecord,
  vols: { master: VolumeInfo | null; shadow: VolumeInfo; bitmap: VolumeInfo },
): void {
  const where = `bitmap ${record.bitmap}`;
  if (h.magic !== MAGIC_DIRTY && h.magic !== MAGIC_CLEAN) {
    throw new EngineError("DSW_EINVALBMP", `${where} belongs to a disabled set (header magic ${h.magic.toString(16)})`);
  }
  const expected: [string, string, string][] = [
    ["shadow", h.shadowPath, record.shadow],
    ["bitmap", h.bitmapPath, record.bitmap],
    ["shadow identity", h.shadowIdentity, vols.shadow.identity],
    ["bitmap identity", h.bitmapIdentity, vols.bitmap.identity],
  ];
  if (!record.imported) {
    expected.push(
      ["master", h.masterPath, record.master],
      ["master identity", h.masterIdentity, vols.master!.identity],
    );
  }
  for (const [field, found, wanted] of expected) {
    if (found !== wanted) {
      throw new EngineError("DSW_EMISMATCH", `${where} header names ${field} '${found}', but the set has '${wanted}'`);
    }
  }
}

export async function openSet(record: SetRecord, opts: { write: boolean }): Promise<OpenSet> {
  const master = record.imported ? null : await volumeInfo(record.master, "master volume");
  const shadow = await volumeInfo(record.shadow, "shadow volume");
  const bitmapInfo = await volumeInfo(record.bitmap, "bitmap volume");
  const bitmap = await BitmapVolume.open(bitmapInfo, opts);
  try {
    checkHeader(bitmap.header, record, { master, shadow, bitmap: bitmapInfo });
  } catch (err) {
    await bitmap.close();
    throw err;
  }
  return { record, bitmap, master, shadow };
}

/** Opens a set, runs `fn`, and always closes the bitmap volume. */
export async function withOpenSet<T>(
  record: SetRecord,
  opts: { write: boolean },
  fn: (set: OpenSet) => Promise<T>,
): Promise<T> {
  const set = await openSet(record, opts);
  try {
    return await fn(set);
  } finally {
    await set.bitmap.close();
  }
}
