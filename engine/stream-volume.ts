// One pass over a volume, in order, hashing it with SHA-256 on the way: what the directory and tape
// archives write, and what their manifests record. The sink takes each buffer before the next read
// (it may keep no reference to it: the buffer is reused).
import { createHash } from "node:crypto";
import { EngineError } from "./engine-error";
import { openVolume, type VolumeInfo } from "./volume";

const BUFFER_BYTES = 4 << 20;

export interface StreamVolumeOptions {
  signal?: AbortSignal;
  /** Called after each buffer with the bytes done so far. */
  onProgress?: (bytesDone: number) => void;
}

/** Streams the whole volume into `sink` (buffer, byte offset); returns its SHA-256 in hex. */
export async function streamVolume(
  info: VolumeInfo,
  sink: (chunk: Buffer, at: number) => Promise<void>,
  opts: StreamVolumeOptions = {},
): Promise<string> {
  const { handle } = await openVolume(info, { write: false });
  const hash = createHash("sha256");
  const buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  try {
    for (let done = 0; done < info.sizeBytes; ) {
      if (opts.signal?.aborted)
        throw new EngineError("ARCHIVE_ECANCELLED", `archive of ${info.path} cancelled at byte ${done}`);
      const { bytesRead } = await handle.read(buffer, 0, Math.min(BUFFER_BYTES, info.sizeBytes - done), done);
      if (bytesRead === 0)
        throw new EngineError("ARCHIVE_EREAD", `volume ${info.path} ended at byte ${done} of ${info.sizeBytes}`);
      const chunk = buffer.subarray(0, bytesRead);
      hash.update(chunk);
      await sink(chunk, done);
      done += bytesRead;
      opts.onProgress?.(done);
    }
  } finally {
    await handle.close();
  }
  return hash.digest("hex");
}
