// Volumes of a disk group (docs/architecture.md §2 "Disk group", "Volume"; `vxassist make` in VxVM terms):
// files at `<dg dir>/<name>`, sparse unless preallocated, or block devices the metadata lists by
// path. Bitmap volumes are sized exactly as II needs (docs/instant-image.md §3.3). Only the host that
// imported the group changes its volumes, as only that host has VxVM's configuration open.
import { open, realpath, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type BitmapKind, minBitmapBytes } from "@/lib/bitmap-size";
import { EngineError } from "./engine-error";
import { updateDiskGroup } from "./disk-group-lock";
import type { DiskGroupMetadata, DiskGroupVolume } from "./disk-group-metadata";
import { assertObjectName, assertVolumeSize } from "./disk-group-names";
import { volumeInfo } from "./volume";

export interface VolumeOptions {
  /** Refuse unless this host imported the group (any importer is accepted when absent). */
  host?: string;
  role?: "data" | "bitmap";
}

export interface CreatedVolume {
  path: string;
  volume: DiskGroupVolume;
}

const ZERO_BLOCK = 1024 * 1024;

/** Refuses changes to a deported group, or to one another host imported. */
export function assertImportedBy(md: DiskGroupMetadata, host: string | undefined, action: string): void {
  if (md.owner === null)
    throw new EngineError("DG_EDEPORTED", `disk group ${md.name} is deported: import it before you ${action}`);
  if (host !== undefined && md.owner !== host) {
    throw new EngineError(
      "DG_ENOTOWNER",
      `disk group ${md.name} is imported by host ${md.owner}, not by ${host}: cannot ${action}`,
    );
  }
}

async function makeFile(file: string, bytes: number, preallocate: boolean, label: string): Promise<void> {
  let handle;
  try {
    handle = await open(file, "wx");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST")
      throw new EngineError("DG_EEXIST", `${label}: ${file} already exists`);
    throw EngineError.fromErrno(err, `${label}: creating ${file}`);
  }
  try {
    await handle.truncate(bytes);
    if (preallocate) {
      // Node has no fallocate(2): writing zeros allocates every block, so a full file system is
      // found now rather than in the middle of a copy.
      const zeros = Buffer.alloc(Math.min(ZERO_BLOCK, bytes));
      for (let at = 0; at < bytes; at += zeros.length)
        await handle.write(zeros, 0, Math.min(zeros.length, bytes - at), at);
    }
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => {});
    await rm(file, { force: true });
    throw EngineError.fromErrno(err, `${label}: writing ${file}`);
  }
  await handle.close();
}

export async function createVolume(
  dgDir: string,
  name: string,
  sizeBytes: number,
  opts: VolumeOptions & { preallocate?: boolean } = {},
): Promise<CreatedVolume> {
  assertObjectName("volume name", name);
  assertVolumeSize(`volume ${name}: size`, sizeBytes);
  const file = path.join(dgDir, name);
  let created = false;
  try {
    return await updateDiskGroup(dgDir, opts.host ?? os.hostname(), async (md) => {
      const label = `disk group ${md.name}: volume ${name}`;
      assertImportedBy(md, opts.host, `create volume ${name}`);
      if (md.volumes.some((v) => v.name === name)) throw new EngineError("DG_EEXIST", `${label} already exists`);
      await makeFile(file, sizeBytes, opts.preallocate ?? false, label);
      created = true;
      const volume: DiskGroupVolume = {
        name,
        kind: "file",
        sizeBytes,
        role: opts.role ?? "data",
        createdAt: new Date().toISOString(),
      };
      md.volumes.push(volume);
      return { path: file, volume };
    });
  } catch (err) {
    // The metadata was not written: leave no unlisted file behind.
    if (created) await rm(file, { force: true });
    throw err;
  }
}

/**
 * A bitmap volume sized exactly minBitmapBytes(masterBytes, kind) (§3.3): 2L + 16 sectors for
 * independent and full-size dependent sets, plus the index for compact dependent ones.
 */
export async function createBitmapVolume(
  dgDir: string,
  name: string,
  masterBytes: number,
  opts: Omit<VolumeOptions, "role"> & { preallocate?: boolean; kind?: BitmapKind } = {},
): Promise<CreatedVolume> {
  assertVolumeSize(`bitmap volume ${name}: master size`, masterBytes);
  const { kind = "independent", ...volumeOpts } = opts;
  return createVolume(dgDir, name, minBitmapBytes(masterBytes, kind), { ...volumeOpts, role: "bitmap" });
}

/** Records a block device (by path) as a volume of the group. */
export async function addBlockDevice(
  dgDir: string,
  name: string,
  devicePath: string,
  opts: VolumeOptions = {},
): Promise<CreatedVolume> {
  assertObjectName("volume name", name);
  if (!path.isAbsolute(devicePath))
    throw new EngineError("DG_EINVAL", `block device ${devicePath} must be an absolute path`);
  const info = await volumeInfo(devicePath, "block device").catch((err: Error) => {
    throw new EngineError("DG_ENOTFOUND", err.message);
  });
  if (info.kind !== "block") throw new EngineError("DG_EINVAL", `${devicePath} is not a block device`);
  return updateDiskGroup(dgDir, opts.host ?? os.hostname(), async (md) => {
    const label = `disk group ${md.name}: volume ${name}`;
    assertImportedBy(md, opts.host, `add block device ${devicePath}`);
    if (md.volumes.some((v) => v.name === name) || (await stat(path.join(dgDir, name)).catch(() => null))) {
      throw new EngineError("DG_EEXIST", `${label} already exists`);
    }
    for (const v of md.volumes.filter((x) => x.kind === "block" && x.devicePath)) {
      const same = v.devicePath === devicePath || (await realpath(v.devicePath!).catch(() => null)) === info.realPath;
      if (same)
        throw new EngineError(
          "DG_EEXIST",
          `block device ${devicePath} is already volume ${v.name} of disk group ${md.name}`,
        );
    }
    const volume: DiskGroupVolume = {
      name,
      kind: "block",
      devicePath,
      sizeBytes: info.sizeBytes,
      role: opts.role ?? "data",
      createdAt: new Date().toISOString(),
    };
    md.volumes.push(volume);
    return { path: devicePath, volume };
  });
}
