// The bitmap-volume header (docs/instant-image.md §3.4, docs/architecture.md §2 "Bitmap volume").
// II keeps one header in FBA 0. pitcrew keeps two copies inside the same 16-FBA header area
// (FBA 0 and FBA 8), each with a sequence number and a SHA-256 checksum, and writes the older
// copy each time: a write torn by a crash leaves one copy failing its checksum and the other
// intact, so a half-written header is never trusted. Field meanings follow ii_header_t.
import { createHash, randomBytes } from "node:crypto";
import { EngineError } from "./engine-error";

export const HEADER_SLOT_OFFSETS = [0, 4096] as const;
export const HEADER_SLOT_BYTES = 1536;
const SIGNATURE = "PCRWBMP1";
const CHECKSUM_AT = HEADER_SLOT_BYTES - 32;
const NAME_BYTES = 256;
const TAG_BYTES = 64;

export const MAGIC_DIRTY = 0x44495254; // "DIRT": the set is live
export const MAGIC_CLEAN = 0x434c4541; // "CLEA": cleanly suspended
export const MAGIC_INVALID = 0; // disabled: what join expects from an importer's bitmap
export const TYPE_INDEPENDENT = 0x1000; // DSW_GOLDEN_TYPE
export const TYPE_DEPENDENT = 0x2000; // DSW_QUICK_TYPE
export const HEADER_VERSION = 1;

export interface BitmapHeader {
  magic: number;
  version: number;
  /** Write sequence; the valid copy with the higher value is current. */
  seq: bigint;
  type: number;
  /** Persisted DSW_* flags. */
  state: number;
  chunkBytes: number;
  shadowBitmapFba: number;
  copyBitmapFba: number;
  bitmapFbas: number;
  masterFbas: number;
  shadowFbas: number;
  /** Identifies this set's lifetime (new at enable/import); digests are tied to it. */
  generation: string;
  /** Point-in-time time, seconds since the epoch. */
  mtime: number;
  /**
   * The export this header belongs to ("" for none; pitcrew-private, where II's header has
   * padding): set on the exporting set at each export and copied into the importer's bitmap from
   * the digests that travelled, so a join can tell a bitmap left by an earlier export.
   */
  exportId: string;
  throttleUnit: number;
  throttleDelay: number;
  masterChunks: number;
  shadowChunks: number;
  masterPath: string;
  shadowPath: string;
  bitmapPath: string;
  masterIdentity: string;
  shadowIdentity: string;
  bitmapIdentity: string;
  group: string;
  clusterTag: string;
}

export function newGeneration(): string {
  return randomBytes(16).toString("hex");
}

/** An export id has a generation's form: 16 random bytes, in hex. */
export const newExportId = newGeneration;

/** A 16-byte id field; all zeros (written before the field existed) reads as none. */
export function idOrNone(bytes: Buffer): string {
  return bytes.every((b) => b === 0) ? "" : bytes.toString("hex");
}

function putString(buf: Buffer, at: number, size: number, value: string, field: string): void {
  const bytes = Buffer.from(value, "utf8");
  if (bytes.length >= size) throw new EngineError("DSW_EINVAL", `${field} '${value}' is longer than ${size - 1} bytes`);
  bytes.copy(buf, at);
}

function getString(buf: Buffer, at: number, size: number): string {
  const raw = buf.subarray(at, at + size);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? size : end).toString("utf8");
}

// Field offsets inside a slot; strings start at 128.
const OFF = {
  magic: 8,
  version: 12,
  seq: 16,
  type: 24,
  state: 28,
  chunkBytes: 32,
  shdfba: 36,
  copyfba: 40,
  bitmapFbas: 44,
  masterFbas: 48,
  shadowFbas: 56,
  generation: 64,
  mtime: 80,
  throttleUnit: 88,
  throttleDelay: 92,
  masterChunks: 96,
  shadowChunks: 104,
  exportId: 112,
  masterPath: 128,
  shadowPath: 128 + NAME_BYTES,
  bitmapPath: 128 + 2 * NAME_BYTES,
  masterIdentity: 128 + 3 * NAME_BYTES,
  shadowIdentity: 128 + 3 * NAME_BYTES + TAG_BYTES,
  bitmapIdentity: 128 + 3 * NAME_BYTES + 2 * TAG_BYTES,
  group: 128 + 3 * NAME_BYTES + 3 * TAG_BYTES,
  clusterTag: 128 + 3 * NAME_BYTES + 4 * TAG_BYTES,
} as const;

export function encodeHeader(h: BitmapHeader): Buffer {
  const buf = Buffer.alloc(HEADER_SLOT_BYTES);
  buf.write(SIGNATURE, 0, "latin1");
  buf.writeUInt32LE(h.magic >>> 0, OFF.magic);
  buf.writeUInt32LE(h.version, OFF.version);
  buf.writeBigUInt64LE(h.seq, OFF.seq);
  buf.writeUInt32LE(h.type, OFF.type);
  buf.writeUInt32LE(h.state >>> 0, OFF.state);
  buf.writeUInt32LE(h.chunkBytes, OFF.chunkBytes);
  buf.writeUInt32LE(h.shadowBitmapFba, OFF.shdfba);
  buf.writeUInt32LE(h.copyBitmapFba, OFF.copyfba);
  buf.writeUInt32LE(h.bitmapFbas, OFF.bitmapFbas);
  buf.writeBigUInt64LE(BigInt(h.masterFbas), OFF.masterFbas);
  buf.writeBigUInt64LE(BigInt(h.shadowFbas), OFF.shadowFbas);
  Buffer.from(h.generation, "hex").copy(buf, OFF.generation, 0, 16);
  buf.writeBigInt64LE(BigInt(h.mtime), OFF.mtime);
  buf.writeUInt32LE(h.throttleUnit, OFF.throttleUnit);
  buf.writeUInt32LE(h.throttleDelay, OFF.throttleDelay);
  buf.writeBigUInt64LE(BigInt(h.masterChunks), OFF.masterChunks);
  buf.writeBigUInt64LE(BigInt(h.shadowChunks), OFF.shadowChunks);
  if (h.exportId) Buffer.from(h.exportId, "hex").copy(buf, OFF.exportId, 0, 16);
  putString(buf, OFF.masterPath, NAME_BYTES, h.masterPath, "master path");
  putString(buf, OFF.shadowPath, NAME_BYTES, h.shadowPath, "shadow path");
  putString(buf, OFF.bitmapPath, NAME_BYTES, h.bitmapPath, "bitmap path");
  putString(buf, OFF.masterIdentity, TAG_BYTES, h.masterIdentity, "master identity");
  putString(buf, OFF.shadowIdentity, TAG_BYTES, h.shadowIdentity, "shadow identity");
  putString(buf, OFF.bitmapIdentity, TAG_BYTES, h.bitmapIdentity, "bitmap identity");
  putString(buf, OFF.group, TAG_BYTES, h.group, "group name");
  putString(buf, OFF.clusterTag, TAG_BYTES, h.clusterTag, "cluster tag");
  createHash("sha256").update(buf.subarray(0, CHECKSUM_AT)).digest().copy(buf, CHECKSUM_AT);
  return buf;
}

export type SlotResult = { ok: true; header: BitmapHeader } | { ok: false; reason: string };

export function decodeHeaderSlot(buf: Buffer): SlotResult {
  if (buf.length < HEADER_SLOT_BYTES) return { ok: false, reason: "truncated" };
  if (buf.toString("latin1", 0, 8) !== SIGNATURE) return { ok: false, reason: "no pitcrew bitmap signature" };
  const sum = createHash("sha256").update(buf.subarray(0, CHECKSUM_AT)).digest();
  if (!sum.equals(buf.subarray(CHECKSUM_AT, CHECKSUM_AT + 32))) return { ok: false, reason: "checksum mismatch" };
  const version = buf.readUInt32LE(OFF.version);
  if (version !== HEADER_VERSION) return { ok: false, reason: `unsupported header version ${version}` };
  return {
    ok: true,
    header: {
      magic: buf.readUInt32LE(OFF.magic),
      version,
      seq: buf.readBigUInt64LE(OFF.seq),
      type: buf.readUInt32LE(OFF.type),
      state: buf.readUInt32LE(OFF.state),
      chunkBytes: buf.readUInt32LE(OFF.chunkBytes),
      shadowBitmapFba: buf.readUInt32LE(OFF.shdfba),
      copyBitmapFba: buf.readUInt32LE(OFF.copyfba),
      bitmapFbas: buf.readUInt32LE(OFF.bitmapFbas),
      masterFbas: Number(buf.readBigUInt64LE(OFF.masterFbas)),
      shadowFbas: Number(buf.readBigUInt64LE(OFF.shadowFbas)),
      generation: buf.subarray(OFF.generation, OFF.generation + 16).toString("hex"),
      mtime: Number(buf.readBigInt64LE(OFF.mtime)),
      throttleUnit: buf.readUInt32LE(OFF.throttleUnit),
      throttleDelay: buf.readUInt32LE(OFF.throttleDelay),
      masterChunks: Number(buf.readBigUInt64LE(OFF.masterChunks)),
      shadowChunks: Number(buf.readBigUInt64LE(OFF.shadowChunks)),
      exportId: idOrNone(buf.subarray(OFF.exportId, OFF.exportId + 16)),
      masterPath: getString(buf, OFF.masterPath, NAME_BYTES),
      shadowPath: getString(buf, OFF.shadowPath, NAME_BYTES),
      bitmapPath: getString(buf, OFF.bitmapPath, NAME_BYTES),
      masterIdentity: getString(buf, OFF.masterIdentity, TAG_BYTES),
      shadowIdentity: getString(buf, OFF.shadowIdentity, TAG_BYTES),
      bitmapIdentity: getString(buf, OFF.bitmapIdentity, TAG_BYTES),
      group: getString(buf, OFF.group, TAG_BYTES),
      clusterTag: getString(buf, OFF.clusterTag, TAG_BYTES),
    },
  };
}

/**
 * Picks the current header from the two slots of a header area. Throws DSW_EHDRBMP naming the
 * bitmap when neither copy is valid: an unreadable header is never guessed at.
 */
export function decodeHeaderArea(area: Buffer, bitmapName: string): { header: BitmapHeader; slot: number } {
  const results = HEADER_SLOT_OFFSETS.map((at) => decodeHeaderSlot(area.subarray(at, at + HEADER_SLOT_BYTES)));
  let best: { header: BitmapHeader; slot: number } | null = null;
  results.forEach((r, slot) => {
    if (r.ok && (!best || r.header.seq > best.header.seq)) best = { header: r.header, slot };
  });
  if (!best) {
    const reasons = results.map((r, i) => `copy ${i + 1}: ${r.ok ? "ok" : r.reason}`).join("; ");
    throw new EngineError("DSW_EHDRBMP", `bitmap ${bitmapName} has no valid header (${reasons})`);
  }
  return best;
}

/** pitcrew-private state bit: the update's scan has not yet been folded into C (resume rescans). */
export const STATE_SCAN_PENDING = 0x40000000;
