// Volumes: regular files and block devices (docs/architecture.md §2 "Volume").
// A block device's stat size is 0, so its size is read from sysfs; identity is the device
// number for devices and (dev, inode) for files, so two paths naming one volume are caught.
import { constants } from "node:fs";
import { open, readFile, realpath, stat, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { EngineError } from "./engine-error";

export type VolumeKind = "file" | "block";

export interface VolumeInfo {
  /** The path as the operator named it (the set's names keep this form, as iiadm does). */
  path: string;
  /** Symlinks resolved. */
  realPath: string;
  kind: VolumeKind;
  sizeBytes: number;
  /** Stable identity: "b:MAJ:MIN" for a block device, "f:DEV:INO" for a file. */
  identity: string;
  /** "MAJ:MIN" of a block device, for sysfs and mountinfo lookups. */
  devNumber: string | null;
}

export function majorMinor(rdev: number): string {
  // Linux's new_encode_dev layout: major in bits 8–19, minor in bits 0–7 and 20–31.
  const major = (rdev >> 8) & 0xfff;
  const minor = (rdev & 0xff) | ((rdev >> 12) & 0xfff00);
  return `${major}:${minor}`;
}

export async function blockDeviceBytes(devNumber: string): Promise<number> {
  const text = await readFile(`/sys/dev/block/${devNumber}/size`, "utf8");
  // sysfs reports 512-byte sectors whatever the logical block size.
  return Number(text.trim()) * 512;
}

export async function volumeInfo(volumePath: string, role = "volume"): Promise<VolumeInfo> {
  let real: string;
  try {
    real = await realpath(volumePath);
  } catch (err) {
    throw EngineError.fromErrno(err, `${role} ${volumePath}`, "DSW_EOPEN");
  }
  const st = await stat(real);
  if (st.isBlockDevice()) {
    const devNumber = majorMinor(st.rdev);
    return {
      path: volumePath,
      realPath: real,
      kind: "block",
      sizeBytes: await blockDeviceBytes(devNumber),
      identity: `b:${devNumber}`,
      devNumber,
    };
  }
  if (st.isFile()) {
    return {
      path: volumePath,
      realPath: real,
      kind: "file",
      sizeBytes: st.size,
      identity: `f:${st.dev}:${st.ino}`,
      devNumber: null,
    };
  }
  throw new EngineError("DSW_EOPEN", `${role} ${volumePath} is neither a block device nor a regular file`);
}

/** Opens a volume for I/O. `direct` asks for O_DIRECT and quietly falls back where unsupported. */
export async function openVolume(
  info: VolumeInfo,
  opts: { write: boolean; direct?: boolean },
): Promise<{ handle: FileHandle; direct: boolean }> {
  const base = opts.write ? constants.O_RDWR : constants.O_RDONLY;
  if (opts.direct) {
    try {
      return { handle: await open(info.realPath, base | constants.O_DIRECT), direct: true };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EINVAL") throw err;
    }
  }
  return { handle: await open(info.realPath, base), direct: false };
}

/**
 * Confines a path to configured roots: the resolved path (symlinks followed) must lie inside a
 * root. `..` segments in the given path are refused outright, before resolving, so an operator
 * sees the real reason.
 */
export async function confineToRoots(volumePath: string, roots: readonly string[], role = "volume"): Promise<string> {
  if (!path.isAbsolute(volumePath))
    throw new EngineError("DSW_EOPEN", `${role} ${volumePath} must be an absolute path`);
  if (volumePath.split("/").includes("..")) throw new EngineError("DSW_EOPEN", `${role} ${volumePath} contains '..'`);
  let real: string;
  try {
    real = await realpath(volumePath);
  } catch (err) {
    throw EngineError.fromErrno(err, `${role} ${volumePath}`, "DSW_EOPEN");
  }
  for (const root of roots) {
    const realRoot = await realpath(root).catch(() => path.resolve(root));
    const rel = path.relative(realRoot, real);
    if (rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel))) return real;
  }
  throw new EngineError("DSW_EOPEN", `${role} ${volumePath} is outside the configured roots (${roots.join(", ")})`);
}

/**
 * A stamp that changes whenever someone writes to the volume: for a block device the sectors-
 * written counter in sysfs, for a file its mtime and size. Scan-based change detection uses it
 * to notice writes to a shadow that no scan of the master would see.
 */
export async function writeStamp(info: VolumeInfo): Promise<string> {
  if (info.kind === "block" && info.devNumber) {
    const fields = (await readFile(`/sys/dev/block/${info.devNumber}/stat`, "utf8")).trim().split(/\s+/);
    return `sectors-written:${fields[6] ?? "?"}`;
  }
  const st = await stat(info.realPath, { bigint: true });
  return `mtime:${st.mtimeNs}:size:${st.size}`;
}
