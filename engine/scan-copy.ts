// Update by one pass over the master (docs/architecture.md §3, docs/instant-image.md §3.5): the scan that finds
// changed chunks writes each of them to the shadow straight from its read buffer, so an update
// reads the master once and the shadow not at all, instead of scanning and then re-reading the
// changed chunks. Crash safety: the new digest of a copied chunk is recorded only after the
// shadow has been synced, and C and S are cleared only at the end; a crash anywhere repeats
// the pass, which finds (and rewrites) only what is still not known to be on the shadow.
import { CHUNK_BYTES } from "@/lib/bitmap-size";
import { BackgroundCheckpoints } from "./background-checkpoints";
import type { Bitmap } from "./bitmap";
import { DIGEST_BYTES } from "./chunk-digest";
import { CopyIoError, openSide } from "./copy";
import type { DigestFile } from "./digest-file";
import { DigestsAhead } from "./digests-ahead";
import { ProgressMeter, type ProgressCounters } from "./io-counters";
import { chunkDiffers, ScanAbortedError } from "./scan";
import { readSequential } from "./sequential-reader";
import { StagedWrites } from "./staged-writes";
import { THROTTLE_FULL_IO_BYTES, ThrottleGate, type Throttle } from "./throttle";
import type { VolumeInfo } from "./volume";

// Runs up to 8 chunks long are staged (staged-writes.ts): 32 of them, 8 MiB, in flight at most.
const STAGED_RUN_BYTES = 8 * CHUNK_BYTES;
const STAGED_SLOTS = 32;

export interface ScanCopyRequest {
  source: VolumeInfo;
  target: VolumeInfo;
  sizeBytes: number;
  digests: DigestFile;
  /** Chunks to copy whatever their digest says (S and C of the set). */
  pending: Bitmap;
  signal?: AbortSignal;
  throttle?: () => Throttle;
  onProgress?: (p: ProgressCounters) => void;
}

export async function scanAndCopy(req: ScanCopyRequest): Promise<{ chunksCopied: number; progress: ProgressCounters }> {
  const meter = new ProgressMeter(Math.ceil(req.sizeBytes / CHUNK_BYTES), req.sizeBytes);
  const direct = await openSide("target", req.target, { write: true, direct: true });
  const buffered = direct.direct
    ? await openSide("target", req.target, { write: true }).catch(async (err: unknown) => {
        await direct.handle.close();
        throw err;
      })
    : direct;
  // Reporting starts once the volumes are open: a timer left by a failed open would keep the
  // copy process alive forever.
  const stopReporting = req.onProgress ? meter.every(req.onProgress) : () => {};
  const gate = new ThrottleGate(req.throttle, THROTTLE_FULL_IO_BYTES, req.signal);
  // Digests of chunks written since the last sync: recorded only once the shadow is synced.
  let unsynced: { firstChunk: number; digests: Buffer }[] = [];
  let chunksCopied = 0;

  const checkpoints = new BackgroundCheckpoints(async () => {
    if (!unsynced.length) return;
    const batch = unsynced;
    unsynced = [];
    // One fdatasync covers both handles of the shadow: it syncs the file (or device), not the descriptor.
    await direct.handle.datasync();
    for (const { firstChunk, digests } of batch) await req.digests.write(firstChunk, digests);
    await req.digests.sync();
  });

  const writeAt = async (data: Buffer, position: number) => {
    const aligned = position % 4096 === 0 && data.length % 4096 === 0;
    const handle = aligned ? direct.handle : buffered.handle;
    try {
      for (let done = 0; done < data.length; ) {
        const { bytesWritten } = await handle.write(data, done, data.length - done, position + done);
        done += bytesWritten;
      }
    } catch (err) {
      throw new CopyIoError("target", req.target.path, err);
    }
  };
  const staged = new StagedWrites(writeAt, STAGED_SLOTS, STAGED_RUN_BYTES);
  const digestsAhead = new DigestsAhead(req.digests);

  try {
    const reader = readSequential(req.source, req.sizeBytes);
    for (;;) {
      let next;
      try {
        next = await reader.next();
      } catch (err) {
        throw new CopyIoError("source", req.source.path, err);
      }
      if (next.done) break;
      const piece = next.value;
      if (req.signal?.aborted) {
        await reader.return(undefined);
        throw new ScanAbortedError(`update of ${req.target.path} aborted`);
      }
      const firstChunk = piece.offset / CHUNK_BYTES;
      const count = Math.ceil(piece.length / CHUNK_BYTES);
      const known = await digestsAhead.read(firstChunk, count);
      const fresh = Buffer.alloc(count * DIGEST_BYTES);
      // Runs of a few chunks are written from copies, in the background; longer ones straight
      // from the piece, which goes back to the reader only once they are written.
      const writes: Promise<void>[] = [];
      let written = 0;
      let runStart = -1;
      for (let i = 0; i <= count; i++) {
        const copy =
          i < count &&
          (chunkDiffers(piece.buf, piece.length, i, known, fresh, i * DIGEST_BYTES) || req.pending.get(firstChunk + i));
        if (copy && runStart < 0) runStart = i;
        if (!copy && runStart >= 0) {
          const at = runStart * CHUNK_BYTES;
          const data = piece.buf.subarray(at, Math.min(i * CHUNK_BYTES, piece.length));
          // Its digests are recorded by a checkpoint after the write is done, never before.
          const done = {
            firstChunk: firstChunk + runStart,
            digests: fresh.subarray(runStart * DIGEST_BYTES, i * DIGEST_BYTES),
          };
          if (data.length <= staged.slotBytes) await staged.stage(data, piece.offset + at, () => unsynced.push(done));
          else
            writes.push(
              writeAt(data, piece.offset + at).then(() => {
                unsynced.push(done);
              }),
            );
          written += data.length;
          chunksCopied += i - runStart;
          runStart = -1;
        }
      }
      const failed = (await Promise.allSettled(writes)).find((r) => r.status === "rejected");
      if (failed) throw failed.reason;
      meter.add(count, piece.length);
      await gate.account(written, async () => {
        await staged.drain();
        await checkpoints.now();
      });
      checkpoints.progressed(written);
    }
    await staged.drain();
    await checkpoints.now();
  } finally {
    stopReporting();
    await staged.settled();
    await checkpoints.settled();
    await direct.handle.close();
    if (buffered !== direct) await buffered.handle.close();
  }
  return { chunksCopied, progress: meter.snapshot() };
}
