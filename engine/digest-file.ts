// Per-chunk digest files (docs/architecture.md §3): the digest of every chunk as last copied, so an update
// finds changed chunks by hashing the master. A flat file (16 bytes per chunk after a 64-byte
// header: signature, generation, chunk count, and the export id of a copy that travels with an
// exported shadow) read and written by window, so memory stays bounded for any volume size. All-zero
// entries mean "unknown": the chunk is copied. A file belonging to another set generation or
// geometry is discarded, never trusted.
import { mkdir, open, rename, rm, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { idOrNone } from "./bitmap-header";
import { DIGEST_BYTES } from "./chunk-digest";

const SIGNATURE = "PCRWDIG1";
const HEADER_BYTES = 64;

export class DigestFile {
  private constructor(
    readonly filePath: string,
    private readonly handle: FileHandle,
    readonly chunks: number,
    /** The export a travelling copy was made for ("" for a set's own file). */
    readonly exportId = "",
  ) {}

  /**
   * Opens the digest file for a set generation. When it is missing or belongs to something else,
   * a fresh all-unknown file replaces it and `fresh` says so (the caller copies everything).
   */
  static async openFor(
    filePath: string,
    generation: string,
    chunks: number,
  ): Promise<{ file: DigestFile; fresh: boolean }> {
    const existing = await open(filePath, "r+").catch(() => null);
    if (existing) {
      const header = Buffer.alloc(HEADER_BYTES);
      await existing.read(header, 0, HEADER_BYTES, 0);
      const matches =
        header.toString("latin1", 0, 8) === SIGNATURE &&
        header.subarray(8, 24).toString("hex") === generation &&
        Number(header.readBigUInt64LE(24)) === chunks;
      if (matches) return { file: new DigestFile(filePath, existing, chunks), fresh: false };
      await existing.close();
    }
    return { file: await DigestFile.create(filePath, generation, chunks), fresh: true };
  }

  /** Opens a digest file whatever its generation (an exported shadow's travelling digests). */
  static async openExisting(filePath: string): Promise<DigestFile | null> {
    const handle = await open(filePath, "r").catch(() => null);
    if (!handle) return null;
    const header = Buffer.alloc(HEADER_BYTES);
    await handle.read(header, 0, HEADER_BYTES, 0);
    if (header.toString("latin1", 0, 8) !== SIGNATURE) {
      await handle.close();
      return null;
    }
    return new DigestFile(filePath, handle, Number(header.readBigUInt64LE(24)), idOrNone(header.subarray(32, 48)));
  }

  static async create(filePath: string, generation: string, chunks: number, exportId = ""): Promise<DigestFile> {
    await mkdir(path.dirname(filePath), { recursive: true });
    const tmp = `${filePath}.tmp-${process.pid}`;
    const handle = await open(tmp, "w+");
    const header = Buffer.alloc(HEADER_BYTES);
    header.write(SIGNATURE, 0, "latin1");
    Buffer.from(generation, "hex").copy(header, 8);
    header.writeBigUInt64LE(BigInt(chunks), 24);
    if (exportId) Buffer.from(exportId, "hex").copy(header, 32);
    await handle.write(header, 0, HEADER_BYTES, 0);
    await handle.truncate(HEADER_BYTES + chunks * DIGEST_BYTES); // sparse zeros = unknown
    await handle.sync();
    await rename(tmp, filePath);
    return new DigestFile(filePath, handle, chunks, exportId);
  }

  async read(firstChunk: number, count: number): Promise<Buffer> {
    const buf = Buffer.alloc(count * DIGEST_BYTES);
    await this.handle.read(buf, 0, buf.length, HEADER_BYTES + firstChunk * DIGEST_BYTES);
    return buf;
  }

  async write(firstChunk: number, digests: Buffer): Promise<void> {
    await this.handle.write(digests, 0, digests.length, HEADER_BYTES + firstChunk * DIGEST_BYTES);
  }

  /** Marks every chunk unknown (after a copy in the other direction or a reset). */
  async forgetAll(): Promise<void> {
    await this.handle.truncate(HEADER_BYTES);
    await this.handle.truncate(HEADER_BYTES + this.chunks * DIGEST_BYTES);
  }

  /** Copies this file to `target` (export: the digests travel with the shadow, tagged with the export). */
  async copyTo(target: string, generation: string, exportId: string): Promise<void> {
    const copy = await DigestFile.create(target, generation, this.chunks, exportId);
    const window = 65536;
    for (let first = 0; first < this.chunks; first += window) {
      await copy.write(first, await this.read(first, Math.min(window, this.chunks - first)));
    }
    await copy.sync();
    await copy.close();
  }

  async sync(): Promise<void> {
    await this.handle.datasync();
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  static async remove(filePath: string): Promise<void> {
    await rm(filePath, { force: true });
  }
}
