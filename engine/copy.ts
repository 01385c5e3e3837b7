// The copy thread (docs/instant-image.md §2.4, §3.5, §6.3, §6.4): copies every chunk whose C bit is
// set, in runs of consecutive chunks, from source to target, clearing C as chunks land.
// - Several I/Os in flight from a fixed pool of aligned buffers: bounded memory, O_DIRECT
//   where the volume allows it (it beats cp and dd here, docs/architecture.md §11), buffered for unaligned tails.
// - Crash safety: C bits are persisted in batches, and only after the target was synced, so a
//   copy killed at any instant resumes from C and never skips a chunk that did not land.
// - The digest of every copied chunk is recorded for the next scan (docs/architecture.md §3).
// - Abort stops at a run boundary and leaves the remaining bits in C ("copy not active").
import type { FileHandle } from "node:fs/promises";
import { CHUNK_BYTES } from "@/lib/bitmap-size";
import { alignedBuffers } from "./aligned-buffers";
import { BackgroundCheckpoints } from "./background-checkpoints";
import type { Bitmap } from "./bitmap";
import { DIGEST_BYTES, digestChunk } from "./chunk-digest";
import type { DigestFile } from "./digest-file";
import { ProgressMeter, type ProgressCounters } from "./io-counters";
import { THROTTLE_FULL_IO_BYTES, ThrottleGate, type Throttle } from "./throttle";
import { openVolume, type VolumeInfo } from "./volume";

export interface CopyRequest {
  source: VolumeInfo;
  target: VolumeInfo;
  /** Bytes of the set (the master's size); a larger target keeps its extra bytes. */
  sizeBytes: number;
  copyBitmap: Bitmap;
  /** Persists bytes [from, from+bytes.length) of C; called only after the target is synced. */
  persistCopyBitmap: (from: number, bytes: Uint8Array) => Promise<void>;
  digests: DigestFile | null;
  signal?: AbortSignal;
  throttle?: () => Throttle;
  onProgress?: (p: ProgressCounters) => void;
  /** Bytes per I/O (a run of up to this many bytes of consecutive chunks). */
  ioBytes?: number;
  inFlight?: number;
  /** Bytes copied between checkpoints at most (and 4 s at most): what a crash may repeat. */
  checkpointBytes?: number;
}

export class CopyIoError extends Error {
  constructor(
    readonly side: "source" | "target",
    readonly volume: string,
    cause: unknown,
  ) {
    super(`${side} volume ${volume}: ${(cause as Error).message}`);
  }
}

const DIRECT_ALIGN = 4096;
// 8 MiB × 6 in flight measured best on these VMs' disks (bench/, and the notes on issue 3): a
// deeper queue of larger O_DIRECT I/Os beat 4 MiB × 4 by 15–25 % on files and loop devices, for
// 48 MiB of buffers.
const IO_BYTES = 8 * 1024 * 1024;
const IN_FLIGHT = 6;

async function readFully(handle: FileHandle, buf: Buffer, length: number, position: number): Promise<void> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buf, done, length - done, position + done);
    if (bytesRead === 0) throw new Error(`short read at byte ${position + done}`);
    done += bytesRead;
  }
}

async function writeFully(handle: FileHandle, buf: Buffer, length: number, position: number): Promise<void> {
  let done = 0;
  while (done < length) {
    const { bytesWritten } = await handle.write(buf, done, length - done, position + done);
    done += bytesWritten;
  }
}

/** Opens one side of a copy; a volume that cannot be opened fails like one that cannot be read or written. */
export async function openSide(
  side: "source" | "target",
  info: VolumeInfo,
  opts: { write: boolean; direct?: boolean },
) {
  try {
    return await openVolume(info, opts);
  } catch (err) {
    throw new CopyIoError(side, info.path, err);
  }
}

/** O_DIRECT handles where the volumes allow it, plus buffered ones for unaligned tails. */
async function openBothSides(source: VolumeInfo, target: VolumeInfo) {
  const opened: { handle: FileHandle }[] = [];
  const open = async (side: "source" | "target", info: VolumeInfo, opts: { write: boolean; direct?: boolean }) => {
    const h = await openSide(side, info, opts);
    opened.push(h);
    return h;
  };
  try {
    const src = await open("source", source, { write: false, direct: true });
    const dst = await open("target", target, { write: true, direct: true });
    const srcBuffered = src.direct ? await open("source", source, { write: false }) : src;
    const dstBuffered = dst.direct ? await open("target", target, { write: true }) : dst;
    return { src, dst, srcBuffered, dstBuffered };
  } catch (err) {
    for (const h of opened) await h.handle.close().catch(() => {});
    throw err;
  }
}

function bytesOfChunks(bitmap: Bitmap, sizeBytes: number): number {
  const count = bitmap.count();
  const lastChunk = bitmap.bits - 1;
  const tailShort = bitmap.bits * CHUNK_BYTES - sizeBytes;
  return count * CHUNK_BYTES - (lastChunk >= 0 && bitmap.get(lastChunk) ? tailShort : 0);
}

export async function copyChunks(req: CopyRequest): Promise<{ aborted: boolean; progress: ProgressCounters }> {
  const ioBytes = req.ioBytes ?? IO_BYTES;
  const maxRun = Math.max(1, Math.floor(ioBytes / CHUNK_BYTES));
  const C = req.copyBitmap;
  const meter = new ProgressMeter(C.count(), bytesOfChunks(C, req.sizeBytes));
  const { src, dst, srcBuffered, dstBuffered } = await openBothSides(req.source, req.target);
  // Only now: a reporting timer left by a failed open would keep the copy process alive forever.
  const stopReporting = req.onProgress ? meter.every(req.onProgress) : () => {};
  const free = alignedBuffers(req.inFlight ?? IN_FLIGHT, maxRun * CHUNK_BYTES);
  const inflight = new Set<Promise<void>>();
  let failure: Error | null = null;
  let dirtyFrom = Infinity;
  let dirtyTo = -1;
  const checkpoints = new BackgroundCheckpoints(async () => {
    if (dirtyTo < 0) return;
    // Snapshot C before syncing: every bit cleared in the snapshot belongs to a write that
    // completed before the sync started, so it is on stable storage when C says so.
    const from = dirtyFrom;
    const snapshot = C.bytes.slice(dirtyFrom, dirtyTo);
    dirtyFrom = Infinity;
    dirtyTo = -1;
    // One fdatasync covers both handles of the target: it syncs the file (or device), not the descriptor.
    await Promise.all([dst.handle.datasync(), req.digests?.sync()]);
    await req.persistCopyBitmap(from, snapshot);
  }, req.checkpointBytes);

  const copyRun = async (first: number, count: number, buf: Buffer) => {
    const offset = first * CHUNK_BYTES;
    const length = Math.min(count * CHUNK_BYTES, req.sizeBytes - offset);
    const aligned = offset % DIRECT_ALIGN === 0 && length % DIRECT_ALIGN === 0;
    try {
      await readFully(aligned ? src.handle : srcBuffered.handle, buf, length, offset);
    } catch (err) {
      throw new CopyIoError("source", req.source.path, err);
    }
    let digests: Buffer | null = null;
    if (req.digests) {
      digests = Buffer.alloc(count * DIGEST_BYTES);
      for (let i = 0; i < count; i++) {
        digestChunk(buf.subarray(i * CHUNK_BYTES, Math.min((i + 1) * CHUNK_BYTES, length)), digests, i * DIGEST_BYTES);
      }
    }
    try {
      await writeFully(aligned ? dst.handle : dstBuffered.handle, buf, length, offset);
    } catch (err) {
      throw new CopyIoError("target", req.target.path, err);
    }
    if (digests) await req.digests!.write(first, digests);
    C.clearRange(first, count);
    dirtyFrom = Math.min(dirtyFrom, first >> 3);
    dirtyTo = Math.max(dirtyTo, ((first + count - 1) >> 3) + 1);
    meter.add(count, length);
  };

  const gate = new ThrottleGate(req.throttle, THROTTLE_FULL_IO_BYTES, req.signal);
  try {
    for (const run of C.runs(maxRun)) {
      if (req.signal?.aborted || failure) break;
      while (free.length === 0) await Promise.race(inflight);
      if (failure) break;
      const buf = free.pop()!;
      const task: Promise<void> = copyRun(run.first, run.count, buf)
        .catch((err: Error) => {
          failure ??= err;
        })
        .finally(() => {
          free.push(buf);
          inflight.delete(task);
        });
      inflight.add(task);
      // Persist progress before pausing, so a long pause never holds back what is done.
      await gate.account(run.count * CHUNK_BYTES, async () => {
        await Promise.all(inflight);
        await checkpoints.now();
      });
      checkpoints.progressed(run.count * CHUNK_BYTES);
    }
    await Promise.all(inflight);
    await checkpoints.now();
  } finally {
    stopReporting();
    // Nothing may still use the handles when they close (after a checkpoint's failure, say).
    await Promise.allSettled(inflight);
    await checkpoints.settled();
    for (const h of new Set([src, dst, srcBuffered, dstBuffered])) await h.handle.close().catch(() => {});
  }
  if (failure) throw failure;
  return { aborted: !C.isEmpty() && Boolean(req.signal?.aborted), progress: meter.snapshot() };
}
