// The built-in backup (docs/architecture.md §5, the runbook's backup step): a volume streamed to a file in an
// archive directory, hashed with SHA-256 on the way. The file is written as `<name>.partial` and
// renamed only once complete and synced, so a half-written archive never looks like a finished one.
import { createHash } from "node:crypto";
import { type FileHandle, open, rename, rm } from "node:fs/promises";
import { EngineError } from "./engine-error";
import { streamVolume } from "./stream-volume";
import { volumeInfo } from "./volume";

export interface ArchivedVolume {
  volume: string;
  file: string;
  sizeBytes: number;
  sha256: string;
}

export interface ArchiveOptions {
  signal?: AbortSignal;
  /** Called after each buffer with the bytes done so far. */
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
}

const BUFFER_BYTES = 4 << 20;

export async function archiveVolume(volume: string, file: string, opts: ArchiveOptions = {}): Promise<ArchivedVolume> {
  const info = await volumeInfo(volume);
  const partial = `${file}.partial`;
  let target: FileHandle;
  try {
    // wx: an archive is never overwritten; a leftover .partial of a crashed run is replaced below.
    await rm(partial, { force: true });
    target = await open(partial, "wx", 0o640);
  } catch (err) {
    throw EngineError.fromErrno(err, `archive file ${partial}`, "ARCHIVE_EWRITE");
  }
  let sha256: string;
  try {
    sha256 = await streamVolume(info, (chunk, at) => writeAll(target, chunk, at, partial), {
      signal: opts.signal,
      onProgress: (done) => opts.onProgress?.(done, info.sizeBytes),
    });
    await target.sync();
  } catch (err) {
    await target.close().catch(() => {});
    await rm(partial, { force: true });
    throw err;
  }
  await target.close();
  await rename(partial, file);
  return { volume, file, sizeBytes: info.sizeBytes, sha256 };
}

async function writeAll(target: FileHandle, chunk: Buffer, position: number, file: string): Promise<void> {
  let written = 0;
  while (written < chunk.length) {
    try {
      const { bytesWritten } = await target.write(chunk, written, chunk.length - written, position + written);
      written += bytesWritten;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOSPC" || code === "EDQUOT") {
        throw new EngineError(
          "ARCHIVE_ENOSPC",
          `archive target full: ${file} could not take byte ${position + written} (${code})`,
        );
      }
      throw EngineError.fromErrno(err, `archive file ${file}`, "ARCHIVE_EWRITE");
    }
  }
}

/** SHA-256 and size of a file as it reads back now: the check of an archive against its manifest. */
export async function hashFile(
  file: string,
  opts: ArchiveOptions = {},
): Promise<{ sizeBytes: number; sha256: string }> {
  const handle = await open(file, "r").catch((err: unknown) => {
    throw EngineError.fromErrno(err, `archive file ${file}`, "ARCHIVE_EREAD");
  });
  try {
    const total = (await handle.stat()).size;
    const hash = createHash("sha256");
    const buffer = Buffer.allocUnsafe(BUFFER_BYTES);
    let done = 0;
    for (;;) {
      if (opts.signal?.aborted)
        throw new EngineError("ARCHIVE_ECANCELLED", `verification of ${file} cancelled at byte ${done}`);
      const { bytesRead } = await handle.read(buffer, 0, BUFFER_BYTES, done);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      done += bytesRead;
      opts.onProgress?.(done, total);
    }
    return { sizeBytes: done, sha256: hash.digest("hex") };
  } finally {
    await handle.close();
  }
}
