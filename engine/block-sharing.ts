// The Linux calls behind instant mode (docs/consistency-modes.md), which Node cannot make by
// itself, hence koffi's calls into libc's ioctl:
// - FICLONE: a whole-file clone that shares every block with its source (XFS with reflink,
//   btrfs). Milliseconds, growing with the source's extent count; it holds the source's locks
//   while it runs, so it is made on koffi's worker thread and never blocks the event loop.
// - FS_IOC_FIEMAP: a file's extent map, physical offset per byte range.
// - FS_IOC_GETVERSION: the inode's generation, so a file recreated at a recycled inode number is
//   not mistaken for the one recorded.
// Whether a file system shares blocks is read, not tried: btrfs always does, XFS when its
// geometry says reflink, so finding a set's mode writes nothing and cannot fail for lack of room.
import { constants } from "node:fs";
import { open, rm, stat, statfs, type FileHandle } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type Koffi from "koffi";
import type { VolumeSharing } from "@/lib/consistency-mode";

const FICLONE = 0x40049409;
const FS_IOC_FIEMAP = 0xc020660b;
const FS_IOC_GETVERSION = 0x80087601;
const FIEMAP_FLAG_SYNC = 1;
const FIEMAP_HEADER_BYTES = 32;
const FIEMAP_EXTENT_BYTES = 56;
const FIEMAP_BATCH = 4096;
export const FIEMAP_EXTENT_LAST = 0x1;

const XFS_MAGIC = 0x58465342;
const BTRFS_MAGIC = 0x9123683e;
const FS_NAMES: Record<number, string> = {
  [XFS_MAGIC]: "xfs",
  [BTRFS_MAGIC]: "btrfs",
  0xef53: "ext4",
  0x01021994: "tmpfs",
  0x6969: "nfs",
  0x794c7630: "overlayfs",
  0x65735546: "fuse",
};

type IoctlPtr = ((fd: number, req: number, arg: Buffer) => number) & {
  async: (fd: number, req: number, arg: Buffer, cb: (err: unknown, res: number) => void) => void;
};
type IoctlInt = ((fd: number, req: number, arg: number) => number) & {
  async: (fd: number, req: number, arg: number, cb: (err: unknown, res: number) => void) => void;
};
interface Libc {
  koffi: typeof Koffi;
  ioctlPtr: IoctlPtr;
  ioctlInt: IoctlInt;
  strerror: (n: number) => string;
}
let libc: Libc | null | undefined;

function loadLibc(): Libc | null {
  if (libc !== undefined) return libc;
  libc = null;
  if (process.platform !== "linux") return null;
  try {
    const koffi = createRequire(import.meta.url)("koffi") as typeof Koffi;
    const lib = koffi.load(null);
    libc = {
      koffi,
      ioctlPtr: lib.func("int ioctl(int fd, unsigned long req, void *arg)") as unknown as IoctlPtr,
      ioctlInt: lib.func("int ioctl(int fd, unsigned long req, long arg)") as unknown as IoctlInt,
      strerror: lib.func("const char *strerror(int errnum)") as unknown as (n: number) => string,
    };
  } catch {
    libc = null;
  }
  return libc;
}

export class BlockSharingError extends Error {
  constructor(
    message: string,
    readonly errno: number | null,
  ) {
    super(message);
  }
}

function errnoError(c: Libc, what: string): BlockSharingError {
  const errno = c.koffi.errno();
  return new BlockSharingError(`${what}: ${c.strerror(errno)}`, errno);
}

const ENOSPC = 28;

/** A file's extent map, one entry per extent, sorted by logical offset (bytes). */
export interface ExtentMap {
  sizeBytes: number;
  logical: Float64Array;
  physical: Float64Array;
  length: Float64Array;
  flags: Uint32Array;
}

function callPtr(c: Libc, fd: number, req: number, buf: Buffer): Promise<number> {
  return new Promise((resolve, reject) =>
    c.ioctlPtr.async(fd, req, buf, (err, res) => (err ? reject(err) : resolve(res))),
  );
}

/**
 * The extent map of an open file, read in batches of FIEMAP_BATCH extents. `sync` flushes the
 * file's dirty data first, so no range is left in delayed allocation: right for a clone (nothing
 * writes it), wrong for a live volume, whose writeback it would force.
 */
export async function readExtentMap(handle: FileHandle, what: string, sync = true): Promise<ExtentMap> {
  const c = loadLibc();
  if (!c) throw new BlockSharingError(`${what}: extent maps need Linux and koffi`, null);
  const sizeBytes = (await handle.stat()).size;
  const logical: number[] = [];
  const physical: number[] = [];
  const length: number[] = [];
  const flags: number[] = [];
  const buf = Buffer.alloc(FIEMAP_HEADER_BYTES + FIEMAP_EXTENT_BYTES * FIEMAP_BATCH);
  let start = 0;
  for (;;) {
    buf.fill(0, 0, FIEMAP_HEADER_BYTES);
    buf.writeBigUInt64LE(BigInt(start), 0);
    buf.writeBigUInt64LE(0xffffffffffffffffn - BigInt(start), 8);
    buf.writeUInt32LE(sync ? FIEMAP_FLAG_SYNC : 0, 16);
    buf.writeUInt32LE(FIEMAP_BATCH, 24);
    // Once more, synchronously, when the asynchronous call failed: koffi keeps errno on the thread
    // that made the call, so an asynchronous one's is lost (read back as "Success").
    if ((await callPtr(c, handle.fd, FS_IOC_FIEMAP, buf)) < 0 && c.ioctlPtr(handle.fd, FS_IOC_FIEMAP, buf) < 0) {
      throw errnoError(c, `${what}: reading its extent map (FS_IOC_FIEMAP)`);
    }
    const mapped = buf.readUInt32LE(20);
    let last = mapped === 0;
    for (let i = 0; i < mapped; i++) {
      const at = FIEMAP_HEADER_BYTES + FIEMAP_EXTENT_BYTES * i;
      const l = Number(buf.readBigUInt64LE(at));
      const len = Number(buf.readBigUInt64LE(at + 16));
      const f = buf.readUInt32LE(at + 40);
      logical.push(l);
      physical.push(Number(buf.readBigUInt64LE(at + 8)));
      length.push(len);
      flags.push(f);
      start = l + len;
      if (f & FIEMAP_EXTENT_LAST) last = true;
    }
    if (last) break;
  }
  return {
    sizeBytes,
    logical: Float64Array.from(logical),
    physical: Float64Array.from(physical),
    length: Float64Array.from(length),
    flags: Uint32Array.from(flags),
  };
}

export async function extentMapOf(file: string, what = file, sync = true): Promise<ExtentMap> {
  const handle = await open(file, constants.O_RDONLY);
  try {
    return await readExtentMap(handle, what, sync);
  } finally {
    await handle.close();
  }
}

/** The inode generation of an open file (FS_IOC_GETVERSION); null where the file system has none. */
export function inodeGeneration(handle: FileHandle): number | null {
  const c = loadLibc();
  if (!c) return null;
  const buf = Buffer.alloc(8);
  return c.ioctlPtr(handle.fd, FS_IOC_GETVERSION, buf) < 0 ? null : buf.readUInt32LE(0);
}

/** What proves a file is the one recorded: its file system, inode, generation, size and change time. */
export interface FileIdentity {
  dev: number;
  ino: number;
  generation: number | null;
  size: number;
  ctimeNs: string;
}

export async function identityOf(handle: FileHandle): Promise<FileIdentity> {
  const st = await handle.stat({ bigint: true });
  return {
    dev: Number(st.dev),
    ino: Number(st.ino),
    generation: inodeGeneration(handle),
    size: Number(st.size),
    ctimeNs: String(st.ctimeNs),
  };
}

export async function identityOfPath(file: string): Promise<FileIdentity> {
  const handle = await open(file, constants.O_RDONLY);
  try {
    return await identityOf(handle);
  } finally {
    await handle.close();
  }
}

/**
 * Makes `target` a clone of `source` sharing all its blocks (FICLONE), replacing what `target`
 * held; with `create`, `target` must not exist yet. The clone is synced before this returns.
 */
export async function cloneFile(
  source: string,
  target: string,
  opts: { create: boolean; mode?: number },
): Promise<{ ms: number }> {
  const c = loadLibc();
  if (!c) throw new BlockSharingError("cloning needs Linux and koffi", null);
  const src = await open(source, constants.O_RDONLY);
  try {
    const flags = constants.O_WRONLY | (opts.create ? constants.O_CREAT | constants.O_EXCL : 0);
    const dst = await open(target, flags, opts.mode ?? 0o600);
    try {
      // A whole-file clone must end at the target's end too: start from an empty target.
      if (!opts.create) await dst.truncate(0);
      else copyNoCowFlag(c, src, dst);
      const started = performance.now();
      let res = await new Promise<number>((resolve, reject) =>
        c.ioctlInt.async(dst.fd, FICLONE, src.fd, (err, r) => (err ? reject(err) : resolve(r))),
      );
      if (res < 0) {
        // koffi keeps errno on the thread that made the call, so an asynchronous call's is lost (read
        // back as "Success"). Once more, synchronously, from an empty target: to learn why, or to
        // succeed where the failure was passing (a whole-file clone may be repeated).
        await dst.truncate(0);
        res = c.ioctlInt(dst.fd, FICLONE, src.fd);
      }
      const ms = performance.now() - started;
      if (res < 0) {
        const e = errnoError(c, `cloning ${source} to ${target} (FICLONE)`);
        if (e.errno === ENOSPC) {
          e.message =
            `cloning ${source} to ${target}: no space left on its file system (clones share blocks, ` +
            `but a master rewritten since the last point in time holds its old blocks in the reference clone)`;
        }
        throw e;
      }
      await dst.sync();
      return { ms };
    } catch (err) {
      await dst.close().catch(() => {});
      if (opts.create) await rm(target, { force: true });
      throw err;
    } finally {
      await dst.close().catch(() => {});
    }
  } finally {
    await src.close();
  }
}

const XFS_IOC_FSGEOMETRY = 0x8100587e; // _IOR('X', 126, struct xfs_fsop_geom), 256 bytes
const XFS_GEOM_FLAGS_AT = 92;
const XFS_FSOP_GEOM_FLAGS_REFLINK = 0x100000;
const FS_IOC_GETFLAGS = 0x80086601;
const FS_IOC_SETFLAGS = 0x40086602;
const FS_NOCOW_FL = 0x00800000;

/** Whether the XFS holding `dir` was made with reflink, from its geometry (no write needed). */
async function xfsHasReflink(c: Libc, dir: string): Promise<boolean | string> {
  const handle = await open(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    const geom = Buffer.alloc(256);
    if (c.ioctlPtr(handle.fd, XFS_IOC_FSGEOMETRY, geom) < 0) return errnoError(c, "reading the XFS geometry").message;
    return (geom.readUInt32LE(XFS_GEOM_FLAGS_AT) & XFS_FSOP_GEOM_FLAGS_REFLINK) !== 0;
  } finally {
    await handle.close();
  }
}

/**
 * btrfs refuses to clone between a nodatacow file (chattr +C) and a normal one: a clone of a
 * nodatacow master is made nodatacow too, while it is still empty.
 */
function copyNoCowFlag(c: Libc, from: FileHandle, to: FileHandle): void {
  const flags = Buffer.alloc(8);
  if (c.ioctlPtr(from.fd, FS_IOC_GETFLAGS, flags) < 0 || !(flags.readUInt32LE(0) & FS_NOCOW_FL)) return;
  const mine = Buffer.alloc(8);
  if (c.ioctlPtr(to.fd, FS_IOC_GETFLAGS, mine) < 0) return;
  mine.writeUInt32LE(mine.readUInt32LE(0) | FS_NOCOW_FL, 0);
  c.ioctlPtr(to.fd, FS_IOC_SETFLAGS, mine);
}

/** How the file system under `volumePath` can share blocks, or why it cannot. */
export async function sharingOf(volumePath: string): Promise<VolumeSharing> {
  const st = await stat(volumePath);
  if (st.isBlockDevice()) {
    return {
      filesystem: "block device",
      fsId: "",
      mechanism: null,
      reason: "a block device: this kernel has nothing to clone one with (no device-mapper for LVM thin snapshots)",
    };
  }
  const dir = path.dirname(volumePath);
  const fs = await statfs(dir);
  const fsName = FS_NAMES[fs.type] ?? `file system type 0x${fs.type.toString(16)}`;
  const fsId = String(st.dev);
  if (fs.type !== XFS_MAGIC && fs.type !== BTRFS_MAGIC) {
    return {
      filesystem: fsName,
      fsId,
      mechanism: null,
      reason: `its file system (${fsName}) cannot share blocks; instant mode needs XFS with reflink or btrfs`,
    };
  }
  const c = loadLibc();
  if (!c)
    return { filesystem: fsName, fsId, mechanism: null, reason: "clones need Linux and koffi, which this host lacks" };
  // btrfs always shares blocks; XFS only when made with reflink (mkfs.xfs -m reflink=1, the default since xfsprogs 5.1).
  if (fs.type === BTRFS_MAGIC) return { filesystem: fsName, fsId, mechanism: "btrfs-reflink", reason: null };
  const reflink = await xfsHasReflink(c, dir);
  if (reflink === true) return { filesystem: fsName, fsId, mechanism: "xfs-reflink", reason: null };
  return {
    filesystem: fsName,
    fsId,
    mechanism: null,
    reason: reflink === false ? "its XFS was made without reflink (mkfs.xfs -m reflink=1 makes one with it)" : reflink,
  };
}
