// An import left on this host by an earlier export of the same shadow. A run brought home
// without the backup host leaves one there when that host returns: the production host has
// since joined that export and exported the shadow again, so the old import's record can never
// be joined. A new import of the later export replaces it; iiadm would refuse the volume as
// already configured, and the operator would have to disable it, scanning the whole shadow to
// record writes nobody will read.
import { DSW_SHDIMPORT } from "@/lib/dsw-flags";
import { BitmapVolume } from "./bitmap-volume";
import type { SetRecord } from "./config-store";
import { DigestFile } from "./digest-file";
import { digestPath, releaseRun, stampPath } from "./state-files";
import { volumeInfo } from "./volume";

/**
 * True only when the import's bitmap proves it belongs to another export than `exportId` (the
 * export the travelling digests were made for). Without ids on both sides nothing is proven.
 */
export async function isImportOfEarlierExport(record: SetRecord, exportId: string): Promise<boolean> {
  if (!record.imported || !exportId) return false;
  const vol = await volumeInfo(record.bitmap)
    .then((info) => BitmapVolume.open(info, { write: false }))
    .catch(() => null);
  if (!vol) return false;
  try {
    const h = vol.header;
    return (
      (h.state & DSW_SHDIMPORT) !== 0 && h.shadowPath === record.shadow && h.exportId !== "" && h.exportId !== exportId
    );
  } finally {
    await vol.close();
  }
}

/** Removes the state files of a replaced import (its record is dropped from the config by the caller). */
export async function forgetImportFiles(stateDir: string, record: SetRecord): Promise<void> {
  await DigestFile.remove(digestPath(stateDir, record.id));
  await DigestFile.remove(stampPath(stateDir, record.id));
  await releaseRun(stateDir, record.id);
}
