// Change detection by scan (docs/architecture.md §3): hash every chunk of a volume and mark in `changed`
// each chunk whose digest differs from the one recorded when it was last copied, or has none.
import { CHUNK_BYTES } from "@/lib/bitmap-size";
import type { Bitmap } from "./bitmap";
import { DIGEST_BYTES, digestChunk, isUnknownDigest } from "./chunk-digest";
import type { DigestFile } from "./digest-file";
import { DigestsAhead } from "./digests-ahead";
import { ProgressMeter, type ProgressCounters } from "./io-counters";
import { readSequential } from "./sequential-reader";
import type { VolumeInfo } from "./volume";

export interface ScanRequest {
  volume: VolumeInfo;
  sizeBytes: number;
  /** Digests to compare against; null means none are known (every chunk is marked). */
  digests: DigestFile | null;
  changed: Bitmap;
  /** Also store the digests just computed (a baseline, e.g. at import). */
  record?: DigestFile;
  signal?: AbortSignal;
  onProgress?: (p: ProgressCounters) => void;
}

export class ScanAbortedError extends Error {}

/** Compares chunk `i` of a piece with its known digest; true when it may differ. */
export function chunkDiffers(
  piece: Buffer,
  length: number,
  i: number,
  known: Buffer | null,
  out: Buffer,
  outAt: number,
): boolean {
  digestChunk(piece.subarray(i * CHUNK_BYTES, Math.min((i + 1) * CHUNK_BYTES, length)), out, outAt);
  const at = i * DIGEST_BYTES;
  return (
    !known ||
    isUnknownDigest(known, at) ||
    !out.subarray(outAt, outAt + DIGEST_BYTES).equals(known.subarray(at, at + DIGEST_BYTES))
  );
}

export async function scanForChanges(req: ScanRequest): Promise<{ changedChunks: number }> {
  const meter = new ProgressMeter(Math.ceil(req.sizeBytes / CHUNK_BYTES), req.sizeBytes);
  const stopReporting = req.onProgress ? meter.every(req.onProgress) : () => {};
  let changedChunks = 0;
  const digestsAhead = req.digests ? new DigestsAhead(req.digests) : null;
  try {
    for await (const piece of readSequential(req.volume, req.sizeBytes)) {
      if (req.signal?.aborted) throw new ScanAbortedError(`scan of ${req.volume.path} aborted`);
      const firstChunk = piece.offset / CHUNK_BYTES;
      const count = Math.ceil(piece.length / CHUNK_BYTES);
      const known = digestsAhead ? await digestsAhead.read(firstChunk, count) : null;
      const fresh = Buffer.alloc(count * DIGEST_BYTES);
      for (let i = 0; i < count; i++) {
        if (chunkDiffers(piece.buf, piece.length, i, known, fresh, i * DIGEST_BYTES)) {
          req.changed.set(firstChunk + i);
          changedChunks++;
        }
      }
      if (req.record) await req.record.write(firstChunk, fresh);
      meter.add(count, piece.length);
    }
    await req.record?.sync();
  } finally {
    stopReporting();
  }
  return { changedChunks };
}
