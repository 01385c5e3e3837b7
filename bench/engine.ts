// The engine, measured two ways:
// - the product path, `pitcrew iiadm --local` via child_process exactly as a user runs it:
//   the start command (-e ind / -u s) returns once a detached worker copies in the background,
//   and `-w` waits for it; the wall time runs from spawning the start command to `-w` exiting.
//   While it runs, the worker's /proc status and io are sampled for its peak RSS (VmHWM) and
//   the bytes it read and wrote. ds.log timestamps give the worker's own start-to-finish time.
// - the engine functions in a child process of their own (bench/engine-copy-child.ts), for
//   copyChunks / scanForChanges times without CLI start-up and an exact peak RSS.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ChildResult } from "./engine-copy-child";
import { dropCaches, dropCachesWarmTool, run, type RunResult } from "./system";
import type { Volume } from "./volumes";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = path.join(ROOT, "bin/pitcrew.js");
const CHILD = path.join(ROOT, "bench/engine-copy-child.ts");
// Inside the repository, so that the bundle's external addons resolve from node_modules.
const CHILD_BUNDLE = path.join(ROOT, "node_modules/.cache/pitcrew-bench/engine-copy-child.mjs");

export interface CliTiming {
  /** Start command spawned → `-w` exited. */
  wallSeconds: number;
  /** The start command alone (it returns once the worker is launched). */
  startSeconds: number;
  /** ds.log "Enabled"/"Start update" → "Finish copy": the worker's time including its start-up. */
  workerSeconds: number | null;
  /** Sampled from /proc every 20 ms; null when the worker ended before the first sample. */
  workerPeakRssBytes: number | null;
  workerReadBytes: number | null;
  workerWriteBytes: number | null;
}

export class CliSet {
  constructor(
    readonly stateDir: string,
    readonly master: Volume,
    readonly shadow: Volume,
    readonly bitmap: string,
  ) {}

  private iiadm(...args: string[]): Promise<RunResult> {
    return run(process.execPath, [BIN, "iiadm", "--local", "--state-dir", this.stateDir, ...args], { cwd: ROOT });
  }

  /** The set's full copy: enable an independent set, which starts copying every chunk. */
  enableAndWait(): Promise<CliTiming> {
    return this.timed(["-e", "ind", this.master.path, this.shadow.path, this.bitmap], "Enabled ");
  }

  /** Disables the set (an independent set with a complete copy keeps its shadow), so it can be enabled again. */
  async disable(): Promise<void> {
    const r = await this.iiadm("-d", this.shadow.path);
    if (r.code !== 0) throw new Error(`iiadm -d ${this.shadow.path} exited ${r.code}\n${r.stdout}${r.stderr}`);
  }

  /** A scan-based update of the shadow: hash the master, copy the chunks whose digest changed. */
  updateAndWait(): Promise<CliTiming> {
    return this.timed(["-u", "s", this.shadow.path], "Start update ");
  }

  private async timed(startArgs: string[], startMarker: string): Promise<CliTiming> {
    // -v loads node and every part of the bundle the start command, worker and -w run.
    dropCachesWarmTool(process.execPath, [BIN, "iiadm", "--local", "--state-dir", this.stateDir, "-v"]);
    const t0 = performance.now();
    const start = await this.iiadm(...startArgs);
    if (start.code !== 0)
      throw new Error(`iiadm ${startArgs.join(" ")} exited ${start.code}\n${start.stdout}${start.stderr}`);
    const sampler = sampleWorker(this.workerPid());
    const wait = await this.iiadm("-w", this.shadow.path);
    const t1 = performance.now();
    const sample = await sampler.stop();
    if (wait.code !== 0) {
      throw new EngineFailure(
        `iiadm -w ${this.shadow.path} exited ${wait.code}: ${wait.stderr.trim()}` +
          ` (worker.log: ${this.tail("worker.log")})`,
      );
    }
    return {
      wallSeconds: (t1 - t0) / 1000,
      startSeconds: start.seconds,
      workerSeconds: this.workerSecondsFromLog(startMarker),
      workerPeakRssBytes: sample.peakRss,
      workerReadBytes: sample.readBytes,
      workerWriteBytes: sample.writeBytes,
    };
  }

  private workerPid(): number | null {
    try {
      const config = JSON.parse(readFileSync(path.join(this.stateDir, "config.json"), "utf8")) as {
        sets: { id: string; shadow: string }[];
      };
      const set = config.sets.find((s) => s.shadow === this.shadow.path);
      if (!set) return null;
      return (JSON.parse(readFileSync(path.join(this.stateDir, "run", `${set.id}.json`), "utf8")) as { pid: number })
        .pid;
    } catch {
      return null; // the worker already finished and released its run file
    }
  }

  /** Worker pids of this set that may still run (for cleanup after a failure). */
  livePids(): number[] {
    const pid = this.workerPid();
    return pid && isCopyWorker(pid) ? [pid] : [];
  }

  private workerSecondsFromLog(startMarker: string): number | null {
    const lines = this.tail("ds.log", 100_000).split("\n");
    const startIdx = lines.findLastIndex((l) => l.includes(` ii: ${startMarker}`));
    const finish = lines.slice(startIdx + 1).find((l) => l.includes(" ii: Finish copy"));
    if (startIdx < 0 || !finish) return null;
    const at = (line: string) => Date.parse(line.slice(0, line.indexOf(" ")));
    return (at(finish) - at(lines[startIdx]!)) / 1000;
  }

  private tail(file: string, chars = 2000): string {
    try {
      return readFileSync(path.join(this.stateDir, file), "utf8").slice(-chars);
    } catch {
      return "(none)";
    }
  }
}

/** The engine ran but did not finish its copy: a correctness failure of the product. */
export class EngineFailure extends Error {}

function isCopyWorker(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("--copy-worker");
  } catch {
    return false;
  }
}

/** Polls a worker's VmHWM (peak RSS, which only grows) and io counters until stopped or gone. */
function sampleWorker(pid: number | null) {
  let peakRss: number | null = null;
  let readBytes: number | null = null;
  let writeBytes: number | null = null;
  const poll = () => {
    if (pid === null || !isCopyWorker(pid)) return;
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
      if (hwm) peakRss = Math.max(peakRss ?? 0, Number(hwm[1]) * 1024);
      const io = readFileSync(`/proc/${pid}/io`, "utf8");
      readBytes = Number(/read_bytes: (\d+)/.exec(io)?.[1] ?? readBytes);
      writeBytes = Number(/^write_bytes: (\d+)/m.exec(io)?.[1] ?? writeBytes);
    } catch {
      // the worker exited between the check and the read
    }
  };
  poll();
  const timer = setInterval(poll, 20);
  return {
    async stop() {
      clearInterval(timer);
      return { peakRss, readBytes, writeBytes };
    },
  };
}

/**
 * Builds the CLI bundle from the sources as they are now. bin/pitcrew.js runs the sources through
 * tsx when the bundle is older than them, which costs every command about 0.5 s: without this, a
 * bench run after an edit would quietly time that fallback instead of what users run.
 */
export function buildCli(): void {
  execFileSync(process.execPath, [path.join(ROOT, "scripts/build-cli.mjs")], { cwd: ROOT, stdio: "pipe" });
}

/**
 * The fixed cost every `pitcrew` command pays before doing anything (node start-up, tsx loading
 * and the CLI's modules): the product path pays it three times per copy (start command, worker,
 * -w). Median of three `pitcrew help`; peak RSS from /usr/bin/time when it is installed.
 */
export async function cliStartup(): Promise<{ seconds: number; rssBytes: number | null }> {
  const times: number[] = [];
  let rssBytes: number | null = null;
  for (let i = 0; i < 3; i++) {
    const r = existsSync("/usr/bin/time")
      ? await run("/usr/bin/time", ["-f", "%M", process.execPath, BIN, "help"], { cwd: ROOT })
      : await run(process.execPath, [BIN, "help"], { cwd: ROOT });
    times.push(r.seconds);
    const kb = Number(r.stderr.trim().split("\n").at(-1));
    if (Number.isFinite(kb) && kb > 0) rssBytes = kb * 1024;
  }
  return { seconds: times.sort((a, b) => a - b)[1]!, rssBytes };
}

/**
 * Bundles bench/engine-copy-child.ts the way the CLI is bundled, so that the in-process figures
 * come from a process started like the product's worker: plain `node` on a bundle. (Before the
 * I/O buffers were put on huge pages, the same copy ran 20–25 % faster under `node --import tsx`
 * on these VMs, which flattered the engine against the product path; README "Benchmark".)
 */
export async function buildChild(): Promise<void> {
  await bundleBenchChild(CHILD, CHILD_BUNDLE);
}

/** Bundles one bench child (a .ts under bench/) to `outfile`, with the CLI's esbuild options. */
export async function bundleBenchChild(entry: string, outfile: string): Promise<void> {
  const { build } = await import("esbuild");
  const { nodeBundleOptions } = await import("../scripts/esbuild-node-options.mjs");
  await build({ ...nodeBundleOptions, absWorkingDir: ROOT, entryPoints: [entry], outfile });
}

/** Runs the bundled engine child (buildChild) in a fresh process from a cold cache. */
export async function runChild(
  mode: "copy" | "update",
  source: Volume,
  target: Volume,
  digests: string,
): Promise<ChildResult> {
  dropCaches();
  const r = await run(process.execPath, [CHILD_BUNDLE, mode, source.path, target.path, digests], { cwd: ROOT });
  if (r.code !== 0)
    throw new EngineFailure(`engine-copy-child ${mode} ${source.path} ${target.path} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!) as ChildResult;
}
