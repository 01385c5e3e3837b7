// Change detection by scan (design.md §3): hash every chunk of a volume and mark in `changed`
// each chunk whose digest differs from the one recorded when it was last copied, or has none.
// Reads run ahead of hashing (a few large reads in flight) so the disk stays busy while the
// main thread hashes; memory is the read buffers plus one digest window.
import { CHUNK_BYTES } from "@/lib/bitmap-size";
import { alignedBuffers } from "./aligned-buffers";
import type { Bitmap } from "./bitmap";
import { DIGEST_BYTES, digestChunk, isUnknownDigest } from "./chunk-digest";
import type { DigestFile } from "./digest-file";
import { ProgressMeter, type ProgressCounters } from "./io-counters";
import { openVolume, type VolumeInfo } from "./volume";

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
  readBytes?: number;
  readAhead?: number;
}

export class ScanAbortedError extends Error {}

export async function scanForChanges(req: ScanRequest): Promise<{ changedChunks: number }> {
  const readBytes = req.readBytes ?? 4 * 1024 * 1024;
  const chunksPerRead = readBytes / CHUNK_BYTES;
  const totalChunks = Math.ceil(req.sizeBytes / CHUNK_BYTES);
  const meter = new ProgressMeter(totalChunks, req.sizeBytes);
  const stopReporting = req.onProgress ? meter.every(req.onProgress) : () => {};
  const direct = await openVolume(req.volume, { write: false, direct: true });
  const buffered = direct.direct ? await openVolume(req.volume, { write: false }) : direct;
  const buffers = alignedBuffers((req.readAhead ?? 3) + 1, readBytes);
  const digest = Buffer.alloc(DIGEST_BYTES);
  let changedChunks = 0;

  const readPiece = async (index: number, buf: Buffer) => {
    const offset = index * readBytes;
    const length = Math.min(readBytes, req.sizeBytes - offset);
    const handle = length % 4096 === 0 ? direct.handle : buffered.handle;
    let done = 0;
    while (done < length) {
      const { bytesRead } = await handle.read(buf, done, length - done, offset + done);
      if (bytesRead === 0) throw new Error(`${req.volume.path}: short read at byte ${offset + done}`);
      done += bytesRead;
    }
    return length;
  };

  try {
    const pieces = Math.ceil(req.sizeBytes / readBytes);
    const pending: Promise<number>[] = [];
    const ahead = buffers.length - 1;
    for (let i = 0; i < Math.min(ahead, pieces); i++) pending.push(readPiece(i, buffers[i % buffers.length]!));
    for (let piece = 0; piece < pieces; piece++) {
      if (req.signal?.aborted) throw new ScanAbortedError(`scan of ${req.volume.path} aborted`);
      const length = await pending.shift()!;
      const next = piece + ahead;
      if (next < pieces) pending.push(readPiece(next, buffers[next % buffers.length]!));
      const buf = buffers[piece % buffers.length]!;
      const firstChunk = piece * chunksPerRead;
      const count = Math.ceil(length / CHUNK_BYTES);
      const known = req.digests ? await req.digests.read(firstChunk, count) : null;
      const fresh = req.record ? Buffer.alloc(count * DIGEST_BYTES) : null;
      for (let i = 0; i < count; i++) {
        digestChunk(buf.subarray(i * CHUNK_BYTES, Math.min((i + 1) * CHUNK_BYTES, length)), digest, 0);
        if (fresh) digest.copy(fresh, i * DIGEST_BYTES);
        const at = i * DIGEST_BYTES;
        if (!known || isUnknownDigest(known, at) || !digest.equals(known.subarray(at, at + DIGEST_BYTES))) {
          req.changed.set(firstChunk + i);
          changedChunks++;
        }
      }
      if (fresh) await req.record!.write(firstChunk, fresh);
      meter.add(count, length);
    }
    await Promise.allSettled(pending);
    await req.record?.sync();
  } finally {
    stopReporting();
    await direct.handle.close();
    if (buffered !== direct) await buffered.handle.close();
  }
  return { changedChunks };
}
