// Test support for integration tests that drive `pitcrew iiadm --local` as a user would: real
// processes, real files and loop block devices, results compared by bytes.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash, randomFillSync } from "node:crypto";
import {
  existsSync,
  mkdtempSync,
  openSync,
  closeSync,
  readFileSync,
  rmSync,
  writeSync,
  ftruncateSync,
  fstatSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect } from "vitest";

const BIN = path.resolve(import.meta.dirname, "../../bin/pitcrew.js");
export const CHUNK = 32 * 1024;

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

export class Host {
  readonly stateDir: string;

  /** `name` is also the host name the engine uses for disk-group ownership (--host). */
  constructor(
    readonly root: string,
    readonly name = "host",
  ) {
    this.stateDir = path.join(root, `state-${name}`);
  }

  iiadm(...args: string[]): RunResult {
    const r = spawnSync(
      process.execPath,
      [BIN, "iiadm", "--local", "--state-dir", this.stateDir, "--host", this.name, ...args],
      {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        timeout: 120_000,
      },
    );
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  /** Runs iiadm and fails the test with its output when the exit status is not `expected`. */
  ok(...args: string[]): RunResult {
    const r = this.iiadm(...args);
    if (r.status !== 0) throw new Error(`iiadm ${args.join(" ")} exited ${r.status}\n${r.stdout}${r.stderr}`);
    return r;
  }

  config(): { sets: { id: string; shadow: string; group: string }[] } {
    return JSON.parse(readFileSync(path.join(this.stateDir, "config.json"), "utf8"));
  }

  runOwnerPid(shadow: string): number | null {
    const set = this.config().sets.find((s) => s.shadow === shadow);
    const file = set && path.join(this.stateDir, "run", `${set.id}.json`);
    return file && existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as { pid: number }).pid : null;
  }
}

export function scratchDir(prefix: string): string {
  // /var/tmp is on disk (O_DIRECT works there; tmpfs would refuse it).
  return mkdtempSync(path.join(existsSync("/var/tmp") ? "/var/tmp" : os.tmpdir(), `pitcrew-${prefix}-`));
}

export function makeVolume(file: string, bytes: number, fill: "zero" | "random" = "zero"): string {
  const fd = openSync(file, "w");
  try {
    ftruncateSync(fd, bytes);
    if (fill === "random") {
      const buf = Buffer.alloc(4 * 1024 * 1024);
      for (let at = 0; at < bytes; at += buf.length) {
        randomFillSync(buf);
        writeSync(fd, buf, 0, Math.min(buf.length, bytes - at), at);
      }
    }
  } finally {
    closeSync(fd);
  }
  return file;
}

/** Overwrites `count` distinct random chunks of a volume with random data; returns their indexes. */
export function writeRandomChunks(volume: string, count: number, sizeBytes?: number): number[] {
  const fd = openSync(volume, "r+");
  try {
    const size = sizeBytes ?? blockOrFileSize(volume);
    const chunks = Math.floor(size / CHUNK);
    const picked = new Set<number>();
    while (picked.size < Math.min(count, chunks)) picked.add(Math.floor(Math.random() * chunks));
    const buf = Buffer.alloc(CHUNK);
    for (const c of picked) {
      randomFillSync(buf);
      // Write only part of the chunk sometimes: any byte changed must be detected.
      const len = c % 3 === 0 ? 512 : CHUNK;
      writeSync(fd, buf, 0, len, c * CHUNK);
    }
    return [...picked].sort((a, b) => a - b);
  } finally {
    closeSync(fd);
  }
}

export function blockOrFileSize(volume: string): number {
  const fd = openSync(volume, "r");
  try {
    const st = fstatSync(fd);
    if (st.isBlockDevice())
      return Number(execFileSync("blockdev", ["--getsize64", volume], { encoding: "utf8" }).trim());
    return st.size;
  } finally {
    closeSync(fd);
  }
}

export function sha256(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

/** `cmp` of two volumes over `bytes` (the master's size); true when equal. */
export function cmpEqual(a: string, b: string, bytes?: number): boolean {
  const args = bytes === undefined ? [a, b] : ["-n", String(bytes), a, b];
  return spawnSync("cmp", args, { stdio: "ignore" }).status === 0;
}

export function percentOfBitmapSet(statusText: string): number {
  const m = /Percent of bitmap set: (\d+)/.exec(statusText);
  if (!m) throw new Error(`no percent in status:\n${statusText}`);
  return Number(m[1]);
}

export const canUseLoopDevices = process.getuid?.() === 0 && existsSync("/dev/loop-control");
/** CI sets PITCREW_REQUIRE_LOOP=1: there, a missing loop device is a failure, not a skip. */
export const loopRequired = process.env.PITCREW_REQUIRE_LOOP === "1";

export function attachLoop(file: string): string {
  return execFileSync("losetup", ["--find", "--show", file], { encoding: "utf8" }).trim();
}

export function detachLoop(device: string): void {
  spawnSync("losetup", ["-d", device]);
}

/**
 * A describe block's scratch dir and the loop devices it attaches there, all detached and removed
 * after the block. `attach` fails the test where loop devices cannot be used.
 */
export function loopScratch(prefix: string): { dir: () => string; attach: (file: string) => string } {
  let dir = "";
  const loops: string[] = [];
  beforeAll(() => {
    dir = scratchDir(prefix);
  });
  afterAll(() => {
    for (const l of loops) detachLoop(l);
    cleanup(dir);
  });
  return {
    dir: () => dir,
    attach: (file) => {
      expect(canUseLoopDevices, "loop devices are required here (root and /dev/loop-control)").toBe(true);
      const device = attachLoop(file);
      loops.push(device);
      return device;
    },
  };
}

export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Leaves a shadow file on a small file system with no room for its own blocks: they are freed
 * (punched) and the room taken by a filler file, so every write to the shadow now fails with
 * ENOSPC. Its mtime is put back, so an update trusts it as an untouched shadow and writes only
 * the changed chunks.
 */
export function takeShadowRoom(shadow: string, fsDir: string, bytes: number): void {
  const times = path.join(path.dirname(fsDir), `${path.basename(shadow)}-times`);
  execFileSync("touch", ["-r", shadow, times]);
  execFileSync("fallocate", ["--punch-hole", "--offset", "0", "--length", String(bytes), shadow]);
  execFileSync("touch", ["-r", times, shadow]);
  execFileSync("fallocate", ["-l", String(bytes), path.join(fsDir, "filler")], { stdio: "ignore" });
}
