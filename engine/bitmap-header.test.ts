// Bitmap-volume header (docs/instant-image.md §3.4; docs/architecture.md §2): two checksummed copies in the
// 16-FBA header area; a damaged copy is never trusted, and with no valid copy the bitmap is
// refused with DSW_EHDRBMP naming it.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  decodeHeaderArea,
  decodeHeaderSlot,
  encodeHeader,
  HEADER_SLOT_BYTES,
  HEADER_SLOT_OFFSETS,
  HEADER_VERSION,
  MAGIC_CLEAN,
  MAGIC_DIRTY,
  newGeneration,
  STATE_SCAN_PENDING,
  TYPE_DEPENDENT,
  type BitmapHeader,
} from "./bitmap-header";
import { EngineError } from "./engine-error";

const AREA_BYTES = 16 * 512;

function sampleHeader(overrides: Partial<BitmapHeader> = {}): BitmapHeader {
  return {
    magic: MAGIC_DIRTY,
    version: HEADER_VERSION,
    seq: 7n,
    type: TYPE_DEPENDENT,
    state: STATE_SCAN_PENDING | 0x0040401,
    chunkBytes: 32_768,
    shadowBitmapFba: 16,
    copyBitmapFba: 832,
    bitmapFbas: 816,
    masterFbas: 209_715_200,
    shadowFbas: 209_715_201,
    generation: "0123456789abcdef0011223344556677",
    mtime: 1_700_000_123,
    exportId: "fedcba98765432100011223344556677",
    throttleUnit: 1024,
    throttleDelay: 3,
    masterChunks: 3_276_800,
    shadowChunks: 3_276_801,
    masterPath: "/dev/vx/rdsk/prod/data01",
    shadowPath: "/srv/san/snap/data01-shadow",
    bitmapPath: "/srv/san/snap/data01-bitmap",
    masterIdentity: "b:253:4",
    shadowIdentity: "f:2049:131074",
    bitmapIdentity: "f:2049:131075",
    group: "oradata",
    clusterTag: "clu-é-1",
    ...overrides,
  };
}

function area(slot0?: Buffer, slot1?: Buffer): Buffer {
  const buf = Buffer.alloc(AREA_BYTES);
  slot0?.copy(buf, HEADER_SLOT_OFFSETS[0]);
  slot1?.copy(buf, HEADER_SLOT_OFFSETS[1]);
  return buf;
}

function decodeOk(buf: Buffer): BitmapHeader {
  const r = decodeHeaderSlot(buf);
  if (!r.ok) throw new Error(`decode failed: ${r.reason}`);
  return r.header;
}

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected a throw");
}

describe("encode/decode", () => {
  it("fits both slots in the 8 KiB header area", () => {
    expect(HEADER_SLOT_OFFSETS[1]).toBeGreaterThanOrEqual(HEADER_SLOT_OFFSETS[0] + HEADER_SLOT_BYTES);
    expect(HEADER_SLOT_OFFSETS[1] + HEADER_SLOT_BYTES).toBeLessThanOrEqual(AREA_BYTES);
    expect(encodeHeader(sampleHeader()).length).toBe(HEADER_SLOT_BYTES);
  });

  it("round-trips every field", () => {
    const h = sampleHeader();
    expect(decodeOk(encodeHeader(h))).toEqual(h);
  });

  it("round-trips the other magics, empty strings and zeros", () => {
    const h = sampleHeader({
      magic: MAGIC_CLEAN,
      seq: 0n,
      state: 0,
      mtime: 0,
      throttleUnit: 0,
      throttleDelay: 0,
      group: "",
      clusterTag: "",
      exportId: "", // no export: the field stays zero, as in headers written before it existed
    });
    expect(decodeOk(encodeHeader(h))).toEqual(h);
    const invalid = sampleHeader({ magic: 0 });
    expect(decodeOk(encodeHeader(invalid)).magic).toBe(0);
  });

  it("round-trips large values: 64-bit seq, a 16 TiB master, a fresh generation", () => {
    const h = sampleHeader({
      seq: 2n ** 63n + 5n,
      masterFbas: 2 ** 35,
      masterChunks: 2 ** 29,
      state: 0x80000001, // every one of the 32 state bits survives, read back unsigned
      mtime: -1, // before the epoch: signed 64-bit
      generation: newGeneration(),
    });
    expect(decodeOk(encodeHeader(h))).toEqual(h);
    expect(h.generation).toMatch(/^[0-9a-f]{32}$/);
  });

  it("stores paths up to 255 bytes and refuses longer ones, naming the field", () => {
    const max = `/${"p".repeat(254)}`;
    expect(decodeOk(encodeHeader(sampleHeader({ masterPath: max }))).masterPath).toBe(max);
    const tooLong = `/${"p".repeat(255)}`;
    const err = catchError(() => encodeHeader(sampleHeader({ shadowPath: tooLong })));
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe("DSW_EINVAL");
    expect((err as EngineError).message).toContain("shadow path");
    expect((err as EngineError).message).toContain("255 bytes");
    expect(() => encodeHeader(sampleHeader({ bitmapPath: tooLong }))).toThrow(/bitmap path/);
    expect(() => encodeHeader(sampleHeader({ masterPath: tooLong }))).toThrow(/master path/);
  });

  it("limits are in bytes, not characters (128 × 'é' = 256 bytes is refused)", () => {
    expect(() => encodeHeader(sampleHeader({ masterPath: "é".repeat(128) }))).toThrow(/master path/);
    const ok = "é".repeat(127);
    expect(decodeOk(encodeHeader(sampleHeader({ masterPath: ok }))).masterPath).toBe(ok);
  });

  it("refuses over-long 64-byte tags, naming the field", () => {
    expect(() => encodeHeader(sampleHeader({ group: "g".repeat(64) }))).toThrow(/group name/);
    expect(() => encodeHeader(sampleHeader({ clusterTag: "c".repeat(64) }))).toThrow(/cluster tag/);
    expect(() => encodeHeader(sampleHeader({ masterIdentity: "i".repeat(64) }))).toThrow(/master identity/);
    expect(decodeOk(encodeHeader(sampleHeader({ group: "g".repeat(63) }))).group).toBe("g".repeat(63));
  });
});

describe("a damaged slot is refused", () => {
  it("a flipped byte anywhere in the slot fails the check", () => {
    const good = encodeHeader(sampleHeader());
    for (let i = 0; i < HEADER_SLOT_BYTES; i++) {
      const bad = Buffer.from(good);
      bad[i] = bad[i]! ^ 0x01;
      const r = decodeHeaderSlot(bad);
      if (r.ok) throw new Error(`byte ${i} flipped but the slot still decoded`);
      expect(r.ok).toBe(false);
    }
  });

  it("a flipped payload byte reports a checksum mismatch", () => {
    const bad = encodeHeader(sampleHeader());
    bad[200] = bad[200]! ^ 0xff;
    expect(decodeHeaderSlot(bad)).toEqual({ ok: false, reason: "checksum mismatch" });
  });

  it("a wrong signature is refused even with a matching checksum", () => {
    const bad = encodeHeader(sampleHeader());
    bad.write("XXXXBMP1", 0, "latin1");
    createHash("sha256")
      .update(bad.subarray(0, HEADER_SLOT_BYTES - 32))
      .digest()
      .copy(bad, HEADER_SLOT_BYTES - 32);
    expect(decodeHeaderSlot(bad)).toEqual({ ok: false, reason: "no pitcrew bitmap signature" });
  });

  it("an all-zero slot (never written) has no signature", () => {
    expect(decodeHeaderSlot(Buffer.alloc(HEADER_SLOT_BYTES))).toEqual({
      ok: false,
      reason: "no pitcrew bitmap signature",
    });
  });

  it("an unknown header version is refused", () => {
    const bad = encodeHeader(sampleHeader({ version: HEADER_VERSION + 1 }));
    expect(decodeHeaderSlot(bad)).toEqual({ ok: false, reason: `unsupported header version ${HEADER_VERSION + 1}` });
  });

  it("a truncated slot is refused", () => {
    const good = encodeHeader(sampleHeader());
    expect(decodeHeaderSlot(good.subarray(0, HEADER_SLOT_BYTES - 1))).toEqual({ ok: false, reason: "truncated" });
  });
});

describe("decodeHeaderArea picks the current copy", () => {
  it("takes the valid copy with the higher seq, whichever slot it is in", () => {
    const older = encodeHeader(sampleHeader({ seq: 4n, state: 1 }));
    const newer = encodeHeader(sampleHeader({ seq: 5n, state: 2 }));
    const a = decodeHeaderArea(area(older, newer), "/b");
    expect(a.slot).toBe(1);
    expect(a.header.seq).toBe(5n);
    expect(a.header.state).toBe(2);
    const b = decodeHeaderArea(area(newer, older), "/b");
    expect(b.slot).toBe(0);
    expect(b.header.state).toBe(2);
  });

  it("a fresh volume with only the first copy written uses it", () => {
    const r = decodeHeaderArea(area(encodeHeader(sampleHeader({ seq: 1n }))), "/b");
    expect(r).toMatchObject({ slot: 0, header: { seq: 1n } });
  });

  it("a torn second copy (new start, old tail) falls back to the first", () => {
    const first = encodeHeader(sampleHeader({ seq: 8n, state: 1 }));
    const oldSecond = encodeHeader(sampleHeader({ seq: 7n, state: 0 }));
    const newSecond = encodeHeader(sampleHeader({ seq: 9n, state: 2 }));
    const torn = Buffer.concat([newSecond.subarray(0, 512), oldSecond.subarray(512)]);
    const r = decodeHeaderArea(area(first, torn), "/b");
    expect(r.slot).toBe(0);
    expect(r.header.seq).toBe(8n);
    expect(r.header.state).toBe(1);
  });

  it("garbage in the second copy falls back to the first", () => {
    const garbage = Buffer.alloc(HEADER_SLOT_BYTES, 0xa5);
    const r = decodeHeaderArea(area(encodeHeader(sampleHeader({ seq: 3n })), garbage), "/b");
    expect(r).toMatchObject({ slot: 0, header: { seq: 3n } });
  });

  it("garbage in the first copy falls back to the second", () => {
    const garbage = Buffer.alloc(HEADER_SLOT_BYTES, 0x5a);
    const r = decodeHeaderArea(area(garbage, encodeHeader(sampleHeader({ seq: 2n }))), "/b");
    expect(r).toMatchObject({ slot: 1, header: { seq: 2n } });
  });

  it("with both copies invalid: DSW_EHDRBMP naming the bitmap and both reasons", () => {
    const bad = encodeHeader(sampleHeader());
    bad[300] = bad[300]! ^ 0x10;
    const err = catchError(() => decodeHeaderArea(area(bad, Buffer.alloc(HEADER_SLOT_BYTES, 7)), "/srv/san/b1"));
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe("DSW_EHDRBMP");
    expect((err as EngineError).message).toContain("/srv/san/b1");
    expect((err as EngineError).message).toContain("copy 1: checksum mismatch");
    expect((err as EngineError).message).toContain("copy 2: no pitcrew bitmap signature");
  });

  it("an all-zero area (not a pitcrew bitmap) is refused", () => {
    expect(() => decodeHeaderArea(Buffer.alloc(AREA_BYTES), "/dev/loop7")).toThrow(
      /bitmap \/dev\/loop7 has no valid header/,
    );
  });
});
