// Where `npm start` puts the demo SAN (docs/consistency-modes.md): instant mode needs a file system that shares
// blocks, so as root, with mkfs.xfs and loop devices, the demo SAN lives on XFS made with
// reflink, in a sparse image file under the data dir loop-mounted on data/san. Without root it
// stays on plain files of the data dir's file system, and its sets use scan mode.
//
// Never destructive: an existing image is mounted again, never reformatted; a demo SAN made on
// plain files at an earlier start stays where it is; an image is never mounted over files.
// The mount belongs to the start that made it: `unmountDemoSan` at stop. One found mounted at
// start (by the operator, or left by a start that was killed) is left mounted.
import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, statSync, ftruncateSync } from "node:fs";
import path from "node:path";
import type { VolumeSharing } from "@/lib/consistency-mode";

export const DEMO_SAN_IMAGE_NAME = "san.xfs.img";
/** Sparse: the image takes the room its blocks use (about 65 MiB of XFS log and metadata when new). */
export const DEMO_SAN_IMAGE_BYTES = 4 * 1024 ** 3;

/** What this host can do towards an XFS demo SAN. */
export interface HostFacts {
  root: boolean;
  loopDevices: boolean;
  mkfsXfs: boolean;
}

export function hostFacts(): HostFacts {
  return {
    root: process.getuid?.() === 0,
    loopDevices: existsSync("/dev/loop-control"),
    mkfsXfs: spawnSync("mkfs.xfs", ["-V"], { stdio: "ignore" }).status === 0,
  };
}

export interface DemoSanPlacement {
  /** The XFS image the demo SAN is on, or null when it is on plain files. */
  image: string | null;
  /** This call mounted the image: unmount it at stop. */
  mountedHere: boolean;
  /** Where the demo SAN is and what this call did about it, for the start summary. */
  note: string;
  /** Why the demo SAN is on plain files (null on an image or a mount found in place). */
  plainBecause: "not root" | string | null;
}

export class DemoSanPlacementError extends Error {}

/** A directory with another file system mounted on it than its parent's. */
export function isMountPoint(dir: string): boolean {
  if (!existsSync(dir)) return false;
  return statSync(dir).dev !== statSync(path.dirname(path.resolve(dir))).dev;
}

const isEmptyDir = (dir: string) => !existsSync(dir) || readdirSync(dir).length === 0;

function output(err: unknown): string {
  const e = err as { stderr?: Buffer | string; message?: string };
  return (e.stderr?.toString().trim() || e.message || String(err)).split("\n")[0]!;
}

/**
 * Puts `sanDir` on the XFS image under `dataDir` where it can (see the file comment) and says
 * what it did. Throws DemoSanPlacementError where the demo SAN exists in an image that cannot be
 * mounted now: starting on plain files then would split the SAN in two.
 */
export function placeDemoSan(dataDir: string, sanDir: string, facts: HostFacts = hostFacts()): DemoSanPlacement {
  const image = path.join(dataDir, DEMO_SAN_IMAGE_NAME);
  const plain = (because: string): DemoSanPlacement => ({
    image: null,
    mountedHere: false,
    note: "(plain files)",
    plainBecause: because,
  });
  if (isMountPoint(sanDir)) {
    return {
      image: existsSync(image) ? image : null,
      mountedHere: false,
      note: "(mounted before this start; left mounted at stop)",
      plainBecause: null,
    };
  }
  if (existsSync(image)) {
    if (!facts.root) {
      throw new DemoSanPlacementError(
        `the demo SAN is in ${image}, which is not mounted on ${sanDir}, and mounting it needs root: ` +
          `start as root, or mount it first (mount -o loop ${image} ${sanDir}), or start with PITCREW_DEMO=0`,
      );
    }
    if (!isEmptyDir(sanDir)) {
      throw new DemoSanPlacementError(
        `the demo SAN is in ${image}, but ${sanDir} holds files: not mounting the image over them; ` +
          `move them away, or remove ${image} to keep the demo SAN on plain files`,
      );
    }
    mountImage(image, sanDir);
    return { image, mountedHere: true, note: `in ${image} (mounted again; unmounted at stop)`, plainBecause: null };
  }
  if (!isEmptyDir(sanDir)) {
    return plain(
      `it was made on plain files at an earlier start (to put it on XFS, stop, move ${sanDir} away and start again as root)`,
    );
  }
  if (!facts.root) return plain("not root");
  if (!facts.mkfsXfs) return plain("mkfs.xfs is missing (apt-get install xfsprogs)");
  if (!facts.loopDevices) return plain("this host has no loop devices (/dev/loop-control) to mount an XFS image with");
  try {
    mkdirSync(dataDir, { recursive: true });
    const fd = openSync(image, "wx", 0o600);
    try {
      ftruncateSync(fd, DEMO_SAN_IMAGE_BYTES);
    } finally {
      closeSync(fd);
    }
    execFileSync("mkfs.xfs", ["-q", "-m", "reflink=1", image], { stdio: ["ignore", "ignore", "pipe"] });
    mountImage(image, sanDir);
  } catch (err) {
    // Nothing was put in it: the next start tries again.
    rmSync(image, { force: true });
    return plain(`making an XFS image for it failed (${output(err)})`);
  }
  return {
    image,
    mountedHere: true,
    note: `in ${image} (made now, 4 GiB sparse; unmounted at stop)`,
    plainBecause: null,
  };
}

function mountImage(image: string, mountPoint: string): void {
  mkdirSync(mountPoint, { recursive: true });
  // -o loop attaches a loop device that is detached again when the file system is unmounted.
  execFileSync("mount", ["-o", "loop", image, mountPoint], { stdio: ["ignore", "ignore", "pipe"] });
}

/**
 * Unmounts the demo SAN (at stop, after the agents have gone): null when done, else what went
 * wrong. A file system still busy is detached lazily, so no mount outlives the start that made it.
 */
export function unmountDemoSan(sanDir: string): string | null {
  if (!isMountPoint(sanDir)) return null;
  const plainUmount = spawnSync("umount", [sanDir], { encoding: "utf8" });
  if (plainUmount.status === 0) return null;
  const lazy = spawnSync("umount", ["-l", sanDir], { encoding: "utf8" });
  if (lazy.status === 0) return null;
  return `umount ${sanDir} failed: ${(lazy.stderr || plainUmount.stderr).trim()}`;
}

/** The start summary's line on the demo SAN's file system and the consistency mode its sets get. */
export function describeDemoSanMode(placement: DemoSanPlacement, sharing: VolumeSharing | null): string {
  const fs = sharing?.filesystem ?? "an unknown file system";
  if (sharing?.mechanism) {
    const what = sharing.mechanism === "btrfs-reflink" ? "btrfs" : "XFS with reflink";
    return `on ${what} ${placement.note}: its sets use instant mode`;
  }
  if (placement.plainBecause === "not root") {
    return `not root: the demo SAN is on plain files of ${fs}, so its sets use scan mode; run as root to put it on XFS with reflink`;
  }
  const why = placement.plainBecause ?? sharing?.reason ?? "blocks cannot be shared there";
  return `the demo SAN is on ${placement.image ? "" : "plain files of "}${fs}, so its sets use scan mode: ${why}`;
}
