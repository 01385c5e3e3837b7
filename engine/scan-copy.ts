// Update by one pass over the master (design.md §3, instant-image.md §3.5): the scan that finds
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
import { ProgressMeter, type ProgressCounters } from "./io-counters";
import { chunkDiffers, ScanAbortedError } from "./scan";
import { readSequential } from "./sequential-reader";
import { THROTTLE_FULL_IO_BYTES, ThrottleGate, type Throttle } from "./throttle";
import type { VolumeInfo } from "./volume";

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

  const writeRun = async (piece: Buffer, pieceOffset: number, first: number, count: number, pieceLength: number) => {
    const at = first * CHUNK_BYTES;
    const length = Math.min(count * CHUNK_BYTES, pieceLength - at);
    const aligned = (pieceOffset + at) % 4096 === 0 && length % 4096 === 0;
    const handle = aligned ? direct.handle : buffered.handle;
    try {
      for (let done = 0; done < length;) {
        const { bytesWritten } = await handle.write(piece, at + done, length - done, pieceOffset + at + done);
        done += bytesWritten;
      }
    } catch (err) {
      throw new CopyIoError("target", req.target.path, err);
    }
    return length;
  };

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
      const known = await req.digests.read(firstChunk, count);
      const fresh = Buffer.alloc(count * DIGEST_BYTES);
      const writes: Promise<number>[] = [];
      let runStart = -1;
      for (let i = 0; i <= count; i++) {
        const copy = i < count && (chunkDiffers(piece.buf, piece.length, i, known, fresh, i * DIGEST_BYTES) || req.pending.get(firstChunk + i));
        if (copy && runStart < 0) runStart = i;
        if (!copy && runStart >= 0) {
          writes.push(writeRun(piece.buf, piece.offset, runStart, i - runStart, piece.length));
          unsynced.push({ firstChunk: firstChunk + runStart, digests: fresh.subarray(runStart * DIGEST_BYTES, i * DIGEST_BYTES) });
          chunksCopied += i - runStart;
          runStart = -1;
        }
      }
      // The buffer goes back to the reader when this iteration ends: its writes must be done.
      const written = (await Promise.all(writes)).reduce((a, b) => a + b, 0);
      meter.add(count, piece.length);
      await gate.account(written, () => checkpoints.now());
      checkpoints.progressed(written);
    }
    await checkpoints.now();
  } finally {
    stopReporting();
    await checkpoints.settled();
    await direct.handle.close();
    if (buffered !== direct) await buffered.handle.close();
  }
  return { chunksCopied, progress: meter.snapshot() };
}
