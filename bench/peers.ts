// The tools the engine is compared with (docs/architecture.md §11), each timed from a cold cache
// (with its own program loaded, as the engine's is: system.ts dropCachesWarmTool).
// A peer that does not sync its target (cp, rsync) is timed up to the end of a following `sync`:
// the engine datasyncs its target before it reports the copy done, so a peer's time stops when
// its data is on disk too (otherwise a 1 GiB `cp` "finishes" in the page cache of a 23 GiB VM).
import { dropCachesWarmTool, mustRun } from "./system";
import type { Volume } from "./volumes";

export interface PeerTiming {
  tool: string;
  /** Command + sync, the compared figure. */
  seconds: number;
  /** The part spent in the trailing `sync`. */
  syncSeconds: number;
}

async function timedWithSync(tool: string, cmd: string, args: string[]): Promise<PeerTiming> {
  dropCachesWarmTool(cmd, ["--version"]);
  const t0 = performance.now();
  await mustRun(cmd, args);
  const t1 = performance.now();
  await mustRun("sync", []);
  const t2 = performance.now();
  return { tool, seconds: (t2 - t0) / 1000, syncSeconds: (t2 - t1) / 1000 };
}

/** The most stable buffered full copy of a file (plain cp and buffered dd swing widely here); cp truncates its target first. */
export function cpCopy(master: Volume, target: Volume): Promise<PeerTiming> {
  return timedWithSync("cp --reflink=never", "cp", ["--reflink=never", master.path, target.path]);
}

/** The device full-copy peer; on files dd truncates the target (no conv=notrunc), like cp. */
export function ddDirectCopy(master: Volume, target: Volume): Promise<PeerTiming> {
  return timedWithSync("dd bs=1M direct", "dd", [
    `if=${master.path}`,
    `of=${target.path}`,
    "bs=1M",
    "iflag=direct",
    "oflag=direct",
    "status=none",
  ]);
}

/**
 * The incremental peer: -I because rsync otherwise skips a file whose size and mtime match,
 * --no-whole-file because a local rsync otherwise copies whole files, -B32768 to work in the
 * engine's chunk size, --inplace to update the target instead of rewriting a temporary copy.
 */
export function rsyncUpdate(master: Volume, target: Volume): Promise<PeerTiming> {
  return timedWithSync("rsync -I --inplace -B32768", "rsync", [
    "-I",
    "--inplace",
    "--no-whole-file",
    "-B32768",
    master.path,
    target.path,
  ]);
}

/** One plain O_DIRECT read of the master: the floor for any scan-based update. */
export async function plainRead(master: Volume): Promise<PeerTiming> {
  dropCachesWarmTool("dd", ["--version"]);
  const r = await mustRun("dd", [`if=${master.path}`, "of=/dev/null", "bs=4M", "iflag=direct", "status=none"]);
  return { tool: "dd read bs=4M direct", seconds: r.seconds, syncSeconds: 0 };
}
