// Real file systems that share blocks, for instant mode's tests: XFS made with reflink, or btrfs,
// in an image file loop-mounted under a scratch dir, unmounted and removed after the describe
// block. Needs root, loop devices and mkfs.xfs / mkfs.btrfs (CI installs xfsprogs and btrfs-progs).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import { canUseLoopDevices, cleanup, scratchDir } from "./local-iiadm";

export type SharingKind = "xfs" | "btrfs" | "xfs-noreflink" | "ext4";

export function makeFileSystem(kind: SharingKind, image: string, sizeMiB: number): void {
  execFileSync("truncate", ["-s", `${sizeMiB}M`, image]);
  if (kind === "xfs") execFileSync("mkfs.xfs", ["-q", "-m", "reflink=1", image]);
  else if (kind === "xfs-noreflink") execFileSync("mkfs.xfs", ["-q", "-m", "reflink=0", image]);
  else if (kind === "btrfs") execFileSync("mkfs.btrfs", ["-q", image]);
  else execFileSync("mkfs.ext4", ["-q", "-F", image]);
}

export function mountImage(image: string, mountPoint: string): void {
  mkdirSync(mountPoint, { recursive: true });
  execFileSync("mount", ["-o", "loop", image, mountPoint]);
}

export function unmount(mountPoint: string): void {
  if (spawnSync("umount", [mountPoint]).status !== 0) spawnSync("umount", ["-l", mountPoint]);
}

/**
 * A file system of `kind` mounted for a describe block; `dir()` is its mount point. Fails the
 * test where it cannot be made (not root, no loop devices, no mkfs).
 */
export function sharingFileSystem(kind: SharingKind, sizeMiB = 512): { dir: () => string; scratch: () => string } {
  let scratch = "";
  let mnt = "";
  beforeAll(() => {
    expect(canUseLoopDevices, "loop devices are required here (root and /dev/loop-control)").toBe(true);
    scratch = scratchDir(`share-${kind}`);
    mnt = path.join(scratch, "mnt");
    const image = path.join(scratch, `${kind}.img`);
    makeFileSystem(kind, image, sizeMiB);
    mountImage(image, mnt);
  });
  afterAll(() => {
    if (mnt) unmount(mnt);
    if (scratch) cleanup(scratch);
  });
  return { dir: () => mnt, scratch: () => scratch };
}
