// Bitmap volumes on disk (docs/instant-image.md §3.2): header area (16 FBAs), the shadow bitmap S
// at FBA 16 and the copy bitmap C at FBA 16+L, each L FBAs. Bitmaps are loaded whole (64 MiB
// per bitmap for a 16 TiB master) and written back by byte range, so persisting the progress
// of a copy touches only the FBAs that changed.
import type { FileHandle } from "node:fs/promises";
import { FBA_BYTES, HEADER_FBAS } from "@/lib/bitmap-size";
import { Bitmap } from "./bitmap";
import {
  decodeHeaderArea,
  encodeHeader,
  HEADER_SLOT_BYTES,
  HEADER_SLOT_OFFSETS,
  type BitmapHeader,
} from "./bitmap-header";
import { EngineError } from "./engine-error";
import { openVolume, type VolumeInfo } from "./volume";

export type BitmapRegion = "S" | "C";

export class BitmapVolume {
  private constructor(
    readonly info: VolumeInfo,
    private readonly handle: FileHandle,
    private current: { header: BitmapHeader; slot: number },
  ) {}

  get header(): BitmapHeader {
    return this.current.header;
  }

  /** Writes a fresh header area (first copy; the second stays empty until the next header write) and zeroed S and C regions. */
  static async create(info: VolumeInfo, header: Omit<BitmapHeader, "seq">): Promise<BitmapVolume> {
    const needed = (header.copyBitmapFba + header.bitmapFbas) * FBA_BYTES;
    if (info.sizeBytes < needed) {
      throw new EngineError("DSW_EBMPSIZE", `bitmap ${info.path} is ${info.sizeBytes} bytes, needs at least ${needed}`);
    }
    const { handle } = await openVolume(info, { write: true });
    try {
      const area = Buffer.alloc(HEADER_FBAS * FBA_BYTES);
      const first = { ...header, seq: 1n };
      encodeHeader(first).copy(area, HEADER_SLOT_OFFSETS[0]);
      await handle.write(area, 0, area.length, 0);
      await handle.write(
        Buffer.alloc(header.bitmapFbas * 2 * FBA_BYTES),
        0,
        header.bitmapFbas * 2 * FBA_BYTES,
        header.shadowBitmapFba * FBA_BYTES,
      );
      await handle.datasync();
      return new BitmapVolume(info, handle, { header: first, slot: 0 });
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  static async open(info: VolumeInfo, opts: { write: boolean }): Promise<BitmapVolume> {
    const { handle } = await openVolume(info, { write: opts.write });
    try {
      const area = Buffer.alloc(HEADER_FBAS * FBA_BYTES);
      const { bytesRead } = await handle.read(area, 0, area.length, 0);
      if (bytesRead < HEADER_SLOT_OFFSETS[1] + HEADER_SLOT_BYTES) {
        throw new EngineError("DSW_EHDRBMP", `bitmap ${info.path} is too short to hold a header`);
      }
      return new BitmapVolume(info, handle, decodeHeaderArea(area, info.path));
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  /** Writes the next header into the other copy and syncs it before it counts as current. */
  async writeHeader(changes: Partial<Omit<BitmapHeader, "seq">>): Promise<BitmapHeader> {
    const next = { ...this.current.header, ...changes, seq: this.current.header.seq + 1n };
    const slot = 1 - this.current.slot;
    const encoded = encodeHeader(next);
    await this.handle.write(encoded, 0, encoded.length, HEADER_SLOT_OFFSETS[slot]!);
    await this.handle.datasync();
    this.current = { header: next, slot };
    return next;
  }

  private regionOffset(region: BitmapRegion): number {
    const h = this.current.header;
    return (region === "S" ? h.shadowBitmapFba : h.copyBitmapFba) * FBA_BYTES;
  }

  async readBitmap(region: BitmapRegion): Promise<Bitmap> {
    const bitmap = new Bitmap(this.current.header.masterChunks);
    const { bytesRead } = await this.handle.read(bitmap.bytes, 0, bitmap.bytes.length, this.regionOffset(region));
    if (bytesRead < bitmap.bytes.length) throw new EngineError("DSW_EHDRBMP", `bitmap ${this.info.path} is truncated`);
    bitmap.clearTail(); // stray bits past the last chunk would skew counts
    return bitmap;
  }

  /** Raw bytes of a region, as join reads an importer's S (§3.6: only its S). */
  async readRegionBytes(region: BitmapRegion): Promise<Uint8Array> {
    const length = this.current.header.bitmapFbas * FBA_BYTES;
    const bytes = new Uint8Array(length);
    await this.handle.read(bytes, 0, length, this.regionOffset(region));
    return bytes;
  }

  /** Stores bytes [from, to) of a bitmap (the whole bitmap by default). */
  async writeBitmap(region: BitmapRegion, bitmap: Bitmap | Uint8Array, from = 0, to?: number): Promise<void> {
    const bytes = bitmap instanceof Bitmap ? bitmap.bytes : bitmap;
    const end = Math.min(to ?? bytes.length, bytes.length);
    if (end <= from) return;
    await this.handle.write(bytes, from, end - from, this.regionOffset(region) + from);
  }

  /** Stores `bytes` at byte `at` of a region (a persisted slice of a bitmap). */
  async writeBitmapBytes(region: BitmapRegion, at: number, bytes: Uint8Array): Promise<void> {
    await this.handle.write(bytes, 0, bytes.length, this.regionOffset(region) + at);
  }

  async sync(): Promise<void> {
    await this.handle.datasync();
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
