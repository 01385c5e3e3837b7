// In-process engine run for the benchmark, started by bench/run.ts as its own process so that
// `process.resourceUsage().maxRSS` is the peak memory of exactly one engine copy or update (the
// CLI's worker is detached, so its RSS cannot be read this precisely from outside).
//
//   tsx bench/engine-copy-child.ts copy   SOURCE TARGET DIGESTS [--no-throttle]
//   tsx bench/engine-copy-child.ts update SOURCE TARGET DIGESTS [--no-throttle]
//
// copy:   every chunk SOURCE -> TARGET with copyChunks, recording digests in DIGESTS (new file).
// update: scanAndCopy — one pass over SOURCE that writes chunks whose digest changed (the -u s path).
// It calls the same functions with the same arguments as engine/run-set-copy.ts (default
// throttle included, C persisted to a bitmap-sized scratch file and synced), so its time is the
// worker's time minus process start-up, set bookkeeping and `-w` polling.
// Prints one JSON line (ChildResult) on stdout.
import { randomBytes } from "node:crypto";
import { open } from "node:fs/promises";
import { CHUNK_BYTES } from "@/lib/bitmap-size";
import { Bitmap } from "@/engine/bitmap";
import { copyChunks } from "@/engine/copy";
import { DigestFile } from "@/engine/digest-file";
import { scanAndCopy } from "@/engine/scan-copy";
import { DEFAULT_THROTTLE } from "@/engine/set-enable";
import { THROTTLE_FULL_IO_BYTES, TICK_MS } from "@/engine/throttle";
import { volumeInfo } from "@/engine/volume";

export interface ChildResult {
  mode: "copy" | "update";
  scanMs: number;
  copyMs: number;
  changedChunks: number;
  copiedBytes: number;
  /** Copy I/Os as the throttle counts them (full-size I/Os of THROTTLE_FULL_IO_BYTES). */
  copyIos: number;
  /** Time the default throttle sleeps during the copy: one pause of `delay` ticks per `unit` I/Os. */
  throttleSleepMs: number;
  /** Peak resident set size of this process, bytes. */
  maxRssBytes: number;
  cpuUserMs: number;
  cpuSystemMs: number;
}

/** The set generation in a digest file's header (bytes 8–24, see engine/digest-file.ts). */
async function digestGeneration(file: string): Promise<string> {
  const header = Buffer.alloc(24);
  const handle = await open(file, "r").catch(() => null);
  if (!handle) return "0".repeat(32);
  try {
    await handle.read(header, 0, header.length, 0);
  } finally {
    await handle.close();
  }
  return header.subarray(8, 24).toString("hex");
}

async function main(argv: string[]): Promise<void> {
  const [mode, sourcePath, targetPath, digestPath] = argv;
  if ((mode !== "copy" && mode !== "update") || !sourcePath || !targetPath || !digestPath) {
    throw new Error("usage: engine-copy-child.ts copy|update SOURCE TARGET DIGESTS [--no-throttle]");
  }
  const throttle = argv.includes("--no-throttle") ? undefined : () => DEFAULT_THROTTLE;
  const source = await volumeInfo(sourcePath, "source");
  const target = await volumeInfo(targetPath, "target");
  const sizeBytes = source.sizeBytes;
  const chunks = Math.ceil(sizeBytes / CHUNK_BYTES);

  // The update reopens the copy's digest file read-write under the generation it was made with.
  const generation = mode === "copy" ? randomBytes(16).toString("hex") : await digestGeneration(digestPath);
  const { file: digests, fresh } = await DigestFile.openFor(digestPath, generation, chunks);
  if (mode === "update" && fresh) throw new Error(`${digestPath}: no digest file of this volume (run "copy" first)`);

  // Stand-in for the bitmap volume's C region: same writes and syncs as run-set-copy.ts.
  const cFile = await open(`${digestPath}.C`, "w+");
  const changed = new Bitmap(chunks);
  const scanMs = 0;
  const changedChunks = chunks;
  try {
    if (mode === "update") {
      // The product's update: one pass over the master that also writes the changed chunks.
      const t0 = performance.now();
      const result = await scanAndCopy({ source, target, sizeBytes, digests, pending: new Bitmap(chunks), throttle });
      const usage = process.resourceUsage();
      const out: ChildResult = {
        mode,
        scanMs: performance.now() - t0,
        copyMs: 0,
        changedChunks: result.chunksCopied,
        copiedBytes: result.chunksCopied * CHUNK_BYTES,
        copyIos: 0,
        throttleSleepMs: 0,
        maxRssBytes: usage.maxRSS * 1024,
        cpuUserMs: usage.userCPUTime / 1000,
        cpuSystemMs: usage.systemCPUTime / 1000,
      };
      process.stdout.write(`${JSON.stringify(out)}\n`);
      return;
    }
    changed.setAll();
    // What the throttle costs: it counts I/Os in units of THROTTLE_FULL_IO_BYTES.
    const copyIos = Math.ceil(sizeBytes / THROTTLE_FULL_IO_BYTES);
    const throttleSleepMs = throttle
      ? Math.floor(copyIos / DEFAULT_THROTTLE.unit) * DEFAULT_THROTTLE.delay * TICK_MS
      : 0;
    const t1 = performance.now();
    const result = await copyChunks({
      source,
      target,
      sizeBytes,
      copyBitmap: changed,
      digests,
      throttle,
      persistCopyBitmap: async (from, bytes) => {
        await cFile.write(bytes, 0, bytes.length, from);
        await cFile.datasync();
      },
    });
    const copyMs = performance.now() - t1;
    const usage = process.resourceUsage();
    const out: ChildResult = {
      mode,
      scanMs,
      copyMs,
      changedChunks,
      copiedBytes: result.progress.bytesDone,
      copyIos,
      throttleSleepMs,
      maxRssBytes: usage.maxRSS * 1024,
      cpuUserMs: usage.userCPUTime / 1000,
      cpuSystemMs: usage.systemCPUTime / 1000,
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    await cFile.close();
    await digests.close();
  }
}

main(process.argv.slice(2)).catch((err: Error) => {
  process.stderr.write(`engine-copy-child: ${err.stack ?? err.message}\n`);
  process.exitCode = 1;
});
