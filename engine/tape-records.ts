// A tape's unit of I/O: whole 64 KiB records, written and read in order (engine/tape-archive.ts).
// On a tape in variable-block mode each write() is one block on the medium, so every write is
// exactly one record, which `tar -b 128` reads back; nothing here ever seeks.
import type { FileHandle } from "node:fs/promises";
import { EngineError } from "./engine-error";
import { RECORD_BYTES } from "./tar-format";

export class RecordWriter {
  private readonly record = Buffer.alloc(RECORD_BYTES);
  private fill = 0;
  bytesWritten = 0;

  constructor(
    private readonly handle: FileHandle,
    private readonly device: string,
  ) {}

  async write(data: Buffer): Promise<void> {
    let at = 0;
    while (at < data.length) {
      const n = data.copy(this.record, this.fill, at);
      this.fill += n;
      at += n;
      if (this.fill === RECORD_BYTES) await this.flush();
    }
  }

  /** Pads the last record with zeros and writes it. */
  async finish(): Promise<void> {
    if (this.fill === 0) return;
    this.record.fill(0, this.fill);
    this.fill = RECORD_BYTES;
    await this.flush();
  }

  private async flush(): Promise<void> {
    try {
      const { bytesWritten } = await this.handle.write(this.record, 0, RECORD_BYTES, null);
      if (bytesWritten !== RECORD_BYTES) throw Object.assign(new Error("short write"), { code: "ENOSPC" });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOSPC" || code === "EDQUOT") {
        throw new EngineError(
          "ARCHIVE_ENOSPC",
          `tape device ${this.device} is full: it took ${this.bytesWritten} bytes of the archive (${code})`,
        );
      }
      throw EngineError.fromErrno(err, `tape device ${this.device}`, "ARCHIVE_EWRITE");
    }
    this.bytesWritten += RECORD_BYTES;
    this.fill = 0;
  }
}

/** Reads records in order and hands out exact byte counts, copying each byte once. */
export class RecordReader {
  private readonly record = Buffer.alloc(RECORD_BYTES);
  private left = Buffer.alloc(0);
  /** Bytes handed out so far: where the next take() starts in the stream. */
  offset = 0;

  constructor(
    private readonly handle: FileHandle,
    private readonly device: string,
  ) {}

  /** Exactly `n` bytes, or null when the device ends first. */
  async take(n: number): Promise<Buffer | null> {
    const out = Buffer.allocUnsafe(n);
    let filled = this.left.copy(out, 0, 0, Math.min(n, this.left.length));
    this.left = this.left.subarray(filled);
    while (filled < n) {
      let got;
      try {
        got = (await this.handle.read(this.record, 0, RECORD_BYTES, null)).bytesRead;
      } catch (err) {
        throw EngineError.fromErrno(err, `tape device ${this.device}`, "ARCHIVE_EREAD");
      }
      if (got === 0) return null;
      const use = Math.min(got, n - filled);
      this.record.copy(out, filled, 0, use);
      filled += use;
      // The rest of this record belongs to the next take(): copied out, as the buffer is reused.
      this.left = Buffer.from(this.record.subarray(use, got));
    }
    this.offset += n;
    return out;
  }
}
