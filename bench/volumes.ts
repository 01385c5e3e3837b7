// Test volumes: random masters, resettable targets, loop block devices and the random chunk
// overwrites an update is measured on. Loop devices are remembered here so the benchmark can
// detach every one it attached, whatever happens (other sessions use loop devices too: never
// touch one we did not attach).
import { execFileSync, spawnSync } from "node:child_process";
import { randomFillSync } from "node:crypto";
import {
  closeSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import { CHUNK_BYTES } from "@/lib/bitmap-size";
import { mustRun } from "./system";

export type Kind = "file" | "block";

/** A volume as the benchmark uses it: its path (file or /dev/loopN) and, for a loop device, its backing file. */
export interface Volume {
  path: string;
  kind: Kind;
  sizeBytes: number;
  backing: string;
}

/** A master of random bytes: every chunk distinct, so a chunk copied to the wrong place fails `cmp`. */
export function createRandomFile(file: string, bytes: number): void {
  const fd = openSync(file, "w");
  try {
    const buf = Buffer.alloc(4 * 1024 * 1024);
    for (let at = 0; at < bytes; at += buf.length) {
      randomFillSync(buf);
      writeSync(fd, buf, 0, Math.min(buf.length, bytes - at), at);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A sparse file of `bytes` (what `truncate -s` makes, the usual way to create a file volume). */
export function createSparseFile(file: string, bytes: number): void {
  const fd = openSync(file, "w");
  try {
    ftruncateSync(fd, bytes);
  } finally {
    closeSync(fd);
  }
}

/**
 * Makes a copy target differ from the master before a timed full copy, so that `cmp` afterwards
 * proves the copy wrote every byte. A file gets its blocks punched out (zeros, same size and
 * inode, so a configured set still recognises it): each tool then allocates as it writes, like
 * `cp`, which truncates its target. A device is overwritten with zeros: a block device has no
 * holes, and its backing file stays allocated so device writes stay overwrites.
 */
export async function resetTarget(vol: Volume): Promise<void> {
  if (vol.kind === "file") {
    await mustRun("fallocate", ["--punch-hole", "--offset", "0", "--length", String(vol.sizeBytes), vol.path]);
  } else {
    await mustRun("dd", [
      "if=/dev/zero",
      `of=${vol.path}`,
      "bs=4M",
      `count=${Math.ceil(vol.sizeBytes / (4 * 1024 * 1024))}`,
      "oflag=direct",
      "conv=notrunc",
      "status=none",
    ]);
  }
}

/**
 * Overwrites `count` distinct random 32 KiB chunks (chunk-aligned, the engine's unit) with random
 * data through the volume's own path (the device for a loop device) and syncs them.
 */
export function overwriteRandomChunks(vol: Volume, count: number, alsoTo: Volume | null = null): number {
  const chunks = Math.floor(vol.sizeBytes / CHUNK_BYTES);
  const picked = new Set<number>();
  while (picked.size < Math.min(count, chunks)) picked.add(Math.floor(Math.random() * chunks));
  const fds = [vol, ...(alsoTo ? [alsoTo] : [])].map((v) => openSync(v.path, "r+"));
  try {
    const buf = Buffer.alloc(CHUNK_BYTES);
    for (const chunk of [...picked].sort((a, b) => a - b)) {
      randomFillSync(buf);
      for (const fd of fds) writeSync(fd, buf, 0, CHUNK_BYTES, chunk * CHUNK_BYTES);
    }
    for (const fd of fds) fsyncSync(fd);
  } finally {
    for (const fd of fds) closeSync(fd);
  }
  return picked.size;
}

/** Our loop devices and the files behind them. */
const attached = new Map<string, string>();

/**
 * Attaches a file as a loop device with direct I/O to the backing file: device I/O then reaches
 * the disk instead of the backing file's page cache (no double caching, and `oflag=direct`
 * means on disk), closer to a real block device. Reports whether the kernel kept direct I/O on.
 */
export function attachLoop(file: string): { device: string; directIo: boolean } {
  const device = execFileSync("losetup", ["--find", "--show", "--direct-io=on", file], { encoding: "utf8" }).trim();
  attached.set(device, file);
  writeLedger();
  const dio = readFileSync(`/sys/block/${path.basename(device)}/loop/dio`, "utf8").trim() === "1";
  return { device, directIo: dio };
}

export function detachLoop(device: string): void {
  if (!attached.has(device)) return;
  const r = spawnSync("losetup", ["-d", device], { encoding: "utf8" });
  if (r.status === 0) {
    attached.delete(device);
    writeLedger();
  } else process.stderr.write(`bench: could not detach ${device}: ${r.stderr}\n`);
}

/** Detaches every loop device this process attached (used on success, failure and signals). */
export function detachAllLoops(): void {
  for (const device of [...attached.keys()]) detachLoop(device);
}

const mounted = new Set<string>();

/** Mounts a file system (on one of our loop devices) and remembers it, so cleanup can unmount it. */
export function mountDevice(device: string, mountPoint: string): void {
  mkdirSync(mountPoint, { recursive: true });
  execFileSync("mount", [device, mountPoint]);
  mounted.add(mountPoint);
  writeLedger();
}

/** Unmounts one of our mounts; lazily when it is busy (a killed tool still holding a file), so its loop device can go. */
export function unmount(mountPoint: string): void {
  if (!mounted.has(mountPoint)) return;
  if (spawnSync("umount", [mountPoint]).status !== 0) {
    const r = spawnSync("umount", ["-l", mountPoint], { encoding: "utf8" });
    if (r.status !== 0) {
      process.stderr.write(`bench: could not unmount ${mountPoint}: ${r.stderr}\n`);
      return;
    }
  }
  mounted.delete(mountPoint);
  writeLedger();
}

/** Unmounts every file system this process mounted (before its loop devices are detached). */
export function unmountAll(): void {
  for (const mountPoint of [...mounted]) unmount(mountPoint);
}

let ledger: string | null = null;

/**
 * From now on, keeps `file` listing our mounts and our loop devices' backing files, for the
 * cleanup guard (cleanup-guard.ts) to undo them if this process is killed before it can.
 */
export function keepLedger(file: string): void {
  ledger = file;
  writeLedger();
}

function writeLedger(): void {
  if (!ledger) return;
  const lines = [...[...mounted].map((m) => `mount ${m}`), ...[...attached.values()].map((b) => `backing ${b}`)];
  try {
    writeFileSync(ledger, lines.map((l) => `${l}\n`).join(""));
  } catch {
    // the scratch dir is already gone (cleanup)
  }
}

export function loopDevicesUsable(): boolean {
  return process.getuid?.() === 0 && spawnSync("losetup", ["--version"], { stdio: "ignore" }).status === 0;
}

/**
 * `cmp` over the master's size: equal when the two volumes hold the same bytes. Only cmp's
 * "differ" status counts as a difference; a cmp that could not run (killed, read error) throws.
 */
export function sameBytes(a: Volume, b: Volume): { equal: boolean; detail: string } {
  const r = spawnSync("cmp", ["-n", String(a.sizeBytes), a.path, b.path], { encoding: "utf8" });
  const detail = `${r.stdout}${r.stderr}`.trim();
  if (r.status === 0 || r.status === 1) return { equal: r.status === 0, detail };
  throw new Error(`cmp ${a.path} ${b.path} did not complete (${r.signal ?? `exit ${r.status}`}): ${detail}`);
}
