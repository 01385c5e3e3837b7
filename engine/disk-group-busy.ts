// "Is any volume of this disk group in use?" (docs/instant-image.md §7.3, §8.4): VxVM refuses to
// deport or stop a group while a volume is open. Here the caller knows its own holders (sets,
// sv) and says why through `inUse`; mounts are checked here. Every busy volume is reported, so
// the operator can release them all in one go instead of discovering them one refusal at a time.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { volumePathOf, type DiskGroupMetadata } from "./disk-group-metadata";
import { findMountPoint } from "./mounts";
import { volumeInfo } from "./volume";

/** Why a volume is busy ("enabled in set … as shadow", "under sv"), or null when it is free. */
export type VolumeInUse = (volumePath: string) => Promise<string | null>;

export interface BusyVolume {
  path: string;
  reasons: string[];
}

/** The group's volumes: those its metadata lists, and any file put into its directory by hand. */
async function volumePaths(dgDir: string, md: DiskGroupMetadata): Promise<string[]> {
  const listed = md.volumes.map((v) => volumePathOf(dgDir, v));
  const entries = await readdir(dgDir, { withFileTypes: true }).catch(() => []);
  const unlisted = entries
    .filter((e) => e.isFile() && !e.name.startsWith("."))
    .map((e) => path.join(dgDir, e.name))
    .filter((p) => !listed.includes(p));
  return [...listed, ...unlisted];
}

export async function busyVolumes(dgDir: string, md: DiskGroupMetadata, inUse: VolumeInUse): Promise<BusyVolume[]> {
  const busy: BusyVolume[] = [];
  for (const p of await volumePaths(dgDir, md)) {
    const reasons: string[] = [];
    const why = await inUse(p);
    if (why) reasons.push(why);
    const info = await volumeInfo(p).catch(() => null);
    const mountedAt = info && (await findMountPoint(info));
    if (mountedAt) reasons.push(`mounted on ${mountedAt}`);
    if (reasons.length) busy.push({ path: p, reasons });
  }
  return busy;
}

export function describeBusy(busy: readonly BusyVolume[]): string {
  return busy.map((b) => `${b.path} (${b.reasons.join(", ")})`).join("; ");
}
