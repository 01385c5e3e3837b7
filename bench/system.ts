// Process and machine helpers for the benchmark: running commands with a wall clock around
// them, cold caches, free space, and the tools the peers need. Everything here is synchronous
// or a thin promise around spawn, so that a timed step measures the command and nothing else.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { statfsSync, writeFileSync } from "node:fs";
import os from "node:os";

export const GiB = 1024 ** 3;
export const MiB = 1024 ** 2;

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** Runs a command to its end; `seconds` is the wall time from spawn to exit. Never throws on a non-zero exit. */
export function run(cmd: string, args: string[], opts: { cwd?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: opts.cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ code: code ?? -1, stdout, stderr, seconds: (performance.now() - t0) / 1000 }),
    );
  });
}

/** Runs a command and throws with its output when it fails: for steps that must work. */
export async function mustRun(cmd: string, args: string[], opts: { cwd?: string } = {}): Promise<RunResult> {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.code}\n${r.stdout}${r.stderr}`);
  return r;
}

/**
 * Cold caches before every timed step (buffered results swing ±30 % with the VM's
 * memory state; cold runs are the comparable ones): flush dirty pages, then drop the page cache,
 * dentries and inodes.
 */
export function dropCaches(): void {
  execFileSync("sync");
  writeFileSync("/proc/sys/vm/drop_caches", "3");
}

/**
 * Cold volumes, warm tool: drops the caches, then runs the timed tool once without work (e.g.
 * `--version`) so that its own program files are read back. The drop is there to make the
 * volumes' data come from disk; it also evicts the program, which costs node and the pitcrew
 * bundle (about 100 MB) 0.1–0.4 s to page in again and cp, dd or rsync a few milliseconds: an
 * uneven charge that an operator, whose tools were used before, does not pay.
 */
export function dropCachesWarmTool(cmd: string, args: string[]): void {
  dropCaches();
  execFileSync(cmd, args, { stdio: "ignore" });
}

const TMPFS_MAGIC = 0x01021994;

export function freeBytes(dir: string): number {
  const st = statfsSync(dir);
  return st.bavail * st.bsize;
}

/** O_DIRECT (which the engine and dd use) is refused by tmpfs: the scratch dir must be on a disk. */
export function isTmpfs(dir: string): boolean {
  return statfsSync(dir).type === TMPFS_MAGIC;
}

export function hasCommand(name: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" }).status === 0;
}

/**
 * rsync is the incremental peer but is not installed on every machine. As root, install it
 * with apt (first from the current package lists, then after an update); report rather than fail.
 */
export function ensureRsync(log: (line: string) => void): boolean {
  if (hasCommand("rsync")) return true;
  if (process.getuid?.() !== 0 || !hasCommand("apt-get")) {
    log("rsync is not installed and cannot be installed here (needs root and apt-get): rsync comparisons skipped");
    return false;
  }
  log("rsync is not installed: apt-get install -y rsync …");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const install = () => spawnSync("apt-get", ["install", "-y", "-q", "rsync"], { stdio: "ignore", env }).status === 0;
  if (!install()) {
    spawnSync("apt-get", ["update", "-q"], { stdio: "ignore", env });
    install();
  }
  if (hasCommand("rsync")) return true;
  log("rsync was unavailable (apt-get install failed): rsync comparisons skipped");
  return false;
}

export function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
}

/** Volume size from text: 1G, 256M, 4096 (bytes). */
export function parseSize(text: string): number {
  const m = /^(\d+)([KMGT]?)$/i.exec(text.trim());
  if (!m) throw new Error(`bad size '${text}' (use e.g. 1G, 256M)`);
  const unit = { "": 1, K: 1024, M: MiB, G: GiB, T: 1024 * GiB }[m[2]!.toUpperCase() as "" | "K" | "M" | "G" | "T"];
  return Number(m[1]) * unit;
}

export function sizeLabel(bytes: number): string {
  if (bytes % GiB === 0) return `${bytes / GiB} GiB`;
  if (bytes % MiB === 0) return `${bytes / MiB} MiB`;
  return `${bytes} B`;
}
