// Bitmap volumes on real files (docs/instant-image.md §3.2): header area in FBAs 0–15 with two
// alternating header copies, S at FBA 16, C at FBA 16+L. Checked by reading the file's bytes.
import { mkdtemp, open, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { bitmapLayout, chunkCount, FBA_BYTES } from "@/lib/bitmap-size";
import { Bitmap } from "./bitmap";
import {
  HEADER_SLOT_BYTES,
  HEADER_SLOT_OFFSETS,
  HEADER_VERSION,
  MAGIC_CLEAN,
  MAGIC_DIRTY,
  newGeneration,
  TYPE_INDEPENDENT,
  type BitmapHeader,
} from "./bitmap-header";
import { BitmapVolume } from "./bitmap-volume";
import { EngineError } from "./engine-error";
import { volumeInfo } from "./volume";

const GiB = 1024 ** 3;
// 1 GiB master: 2 097 152 FBAs, 32 768 chunks (4096 bitmap bytes), L = 8 + 16 = 24 FBAs.
const MASTER_FBAS = GiB / FBA_BYTES;
const LAYOUT = bitmapLayout(MASTER_FBAS);
const S_AT = 16 * FBA_BYTES; // 8192
const C_AT = (16 + 24) * FBA_BYTES; // 20480
const VOLUME_BYTES = LAYOUT.minFbas * FBA_BYTES; // 32 KiB

let dir: string;
let serial = 0;
const opened: BitmapVolume[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "pitcrew-bmpvol-"));
});
afterEach(async () => {
  for (const v of opened.splice(0)) await v.close().catch(() => {});
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function makeFile(bytes: number): Promise<string> {
  const file = path.join(dir, `bitmap-${++serial}`);
  await writeFile(file, "");
  await truncate(file, bytes);
  return file;
}

function headerFor(bitmapPath: string, overrides: Partial<BitmapHeader> = {}): Omit<BitmapHeader, "seq"> {
  return {
    magic: MAGIC_DIRTY,
    version: HEADER_VERSION,
    type: TYPE_INDEPENDENT,
    state: 0x1,
    chunkBytes: 32_768,
    shadowBitmapFba: LAYOUT.shadowBitmapFba,
    copyBitmapFba: LAYOUT.copyBitmapFba,
    bitmapFbas: LAYOUT.bitmapFbas,
    masterFbas: MASTER_FBAS,
    shadowFbas: MASTER_FBAS,
    generation: newGeneration(),
    mtime: 1_700_000_000,
    exportId: "",
    throttleUnit: 0,
    throttleDelay: 0,
    masterChunks: chunkCount(MASTER_FBAS),
    shadowChunks: chunkCount(MASTER_FBAS),
    masterPath: "/srv/m",
    shadowPath: "/srv/s",
    bitmapPath,
    masterIdentity: "f:1:2",
    shadowIdentity: "f:1:3",
    bitmapIdentity: "f:1:4",
    group: "",
    clusterTag: "",
    ...overrides,
  };
}

async function track(v: Promise<BitmapVolume>): Promise<BitmapVolume> {
  const vol = await v;
  opened.push(vol);
  return vol;
}

async function created(): Promise<{ file: string; vol: BitmapVolume; header: Omit<BitmapHeader, "seq"> }> {
  const file = await makeFile(VOLUME_BYTES);
  const header = headerFor(file);
  const vol = await track(BitmapVolume.create(await volumeInfo(file, "bitmap"), header));
  return { file, vol, header };
}

async function reopen(file: string, write = false): Promise<BitmapVolume> {
  return track(BitmapVolume.open(await volumeInfo(file, "bitmap"), { write }));
}

async function overwrite(file: string, at: number, bytes: Buffer): Promise<void> {
  const h = await open(file, "r+");
  await h.write(bytes, 0, bytes.length, at);
  await h.close();
}

async function rejection(p: Promise<unknown>): Promise<EngineError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EngineError);
  return err as EngineError;
}

describe("geometry of the test volume", () => {
  it("is the §3.3 minimum for a 1 GiB master: S at FBA 16, C at FBA 40, 64 FBAs", () => {
    expect(LAYOUT).toMatchObject({ bitmapFbas: 24, shadowBitmapFba: 16, copyBitmapFba: 40, minFbas: 64 });
    expect(VOLUME_BYTES).toBe(32 * 1024);
  });
});

describe("create / open", () => {
  it("create then open returns the same header, seq 1", async () => {
    const { file, vol, header } = await created();
    expect(vol.header).toEqual({ ...header, seq: 1n });
    await vol.close();
    opened.splice(opened.indexOf(vol), 1);
    const again = await reopen(file);
    expect(again.header).toEqual({ ...header, seq: 1n });
  });

  it("create zeroes S and C even over old bytes", async () => {
    const file = await makeFile(VOLUME_BYTES);
    await writeFile(file, Buffer.alloc(VOLUME_BYTES, 0xff));
    const vol = await track(BitmapVolume.create(await volumeInfo(file), headerFor(file)));
    expect((await vol.readBitmap("S")).isEmpty()).toBe(true);
    expect((await vol.readBitmap("C")).isEmpty()).toBe(true);
    const bytes = await readFile(file);
    expect(bytes.subarray(S_AT, C_AT + 24 * FBA_BYTES).every((b) => b === 0)).toBe(true);
  });

  it("a volume one byte short of 2L+16 FBAs is refused with DSW_EBMPSIZE naming it", async () => {
    const file = await makeFile(VOLUME_BYTES - 1);
    const err = await rejection(BitmapVolume.create(await volumeInfo(file, "bitmap"), headerFor(file)));
    expect(err.code).toBe("DSW_EBMPSIZE");
    expect(err.message).toContain(file);
    expect(err.message).toContain(String(VOLUME_BYTES - 1));
    expect(err.message).toContain(String(VOLUME_BYTES));
  });

  it("a volume larger than the minimum is fine", async () => {
    const file = await makeFile(VOLUME_BYTES * 4);
    const vol = await track(BitmapVolume.create(await volumeInfo(file), headerFor(file)));
    expect(vol.header.seq).toBe(1n);
  });

  it("a volume too short to hold a header is refused with DSW_EHDRBMP", async () => {
    const file = await makeFile(HEADER_SLOT_OFFSETS[1] + HEADER_SLOT_BYTES - 1);
    const err = await rejection(BitmapVolume.open(await volumeInfo(file), { write: false }));
    expect(err.code).toBe("DSW_EHDRBMP");
    expect(err.message).toContain(file);
  });

  it("an all-zero volume (never enabled) is refused with DSW_EHDRBMP", async () => {
    const file = await makeFile(VOLUME_BYTES);
    const err = await rejection(BitmapVolume.open(await volumeInfo(file), { write: false }));
    expect(err.code).toBe("DSW_EHDRBMP");
    expect(err.message).toContain(file);
  });
});

describe("writeHeader", () => {
  it("alternates slots, increases seq, and survives reopen", async () => {
    const { file, vol } = await created();
    const h2 = await vol.writeHeader({ state: 0x101 });
    expect(h2.seq).toBe(2n);
    expect(vol.header.state).toBe(0x101);
    const h3 = await vol.writeHeader({ magic: MAGIC_CLEAN });
    expect(h3.seq).toBe(3n);
    expect(h3.state).toBe(0x101); // unchanged fields carry over
    const h4 = await vol.writeHeader({ mtime: 1_800_000_000 });
    expect(h4.seq).toBe(4n);

    // seq 1 and 3 went to slot 0, seq 2 and 4 to slot 1.
    const bytes = await readFile(file);
    expect(bytes.readBigUInt64LE(HEADER_SLOT_OFFSETS[0] + 16)).toBe(3n);
    expect(bytes.readBigUInt64LE(HEADER_SLOT_OFFSETS[1] + 16)).toBe(4n);

    const again = await reopen(file);
    expect(again.header).toEqual(h4);
    expect(again.header).toMatchObject({ magic: MAGIC_CLEAN, state: 0x101, mtime: 1_800_000_000, seq: 4n });
  });

  it("writeHeader after reopen continues the sequence in the older slot", async () => {
    const { file, vol } = await created();
    await vol.writeHeader({ state: 2 }); // seq 2, slot 1
    const again = await reopen(file, true);
    const h3 = await again.writeHeader({ state: 3 });
    expect(h3.seq).toBe(3n);
    const bytes = await readFile(file);
    expect(bytes.readBigUInt64LE(HEADER_SLOT_OFFSETS[0] + 16)).toBe(3n);
    expect((await reopen(file)).header.state).toBe(3);
  });

  it("garbage over the current slot makes open fall back to the previous header", async () => {
    const { file, vol } = await created();
    const h2 = await vol.writeHeader({ state: 0x200 });
    const h3 = await vol.writeHeader({ state: 0x400 }); // slot 0
    await overwrite(file, HEADER_SLOT_OFFSETS[0] + 100, Buffer.from("garbage written by a crash"));
    expect((await reopen(file)).header).toEqual(h2);
    expect(h3.seq).toBe(3n);
  });

  it("a torn write of the current slot falls back to the previous header, never a mix", async () => {
    const { file, vol } = await created();
    const h2 = await vol.writeHeader({ state: 0x200, masterPath: "/srv/old" }); // slot 1
    await vol.writeHeader({ state: 0x400, masterPath: "/srv/new" }); // slot 0
    // Only the first 512 bytes of slot 0 reached the disk: a new start over an old tail.
    const bytes = await readFile(file);
    const torn = Buffer.from(bytes.subarray(HEADER_SLOT_OFFSETS[0], HEADER_SLOT_OFFSETS[0] + HEADER_SLOT_BYTES));
    torn.fill(0x00, 512);
    await overwrite(file, HEADER_SLOT_OFFSETS[0], torn);
    const again = await reopen(file);
    expect(again.header).toEqual(h2);
    expect(again.header.masterPath).toBe("/srv/old");
  });

  it("right after create, garbage over slot 0 leaves no valid header: DSW_EHDRBMP", async () => {
    const { file } = await created();
    await overwrite(file, HEADER_SLOT_OFFSETS[0], Buffer.alloc(HEADER_SLOT_BYTES, 0xee));
    const err = await rejection(reopen(file));
    expect(err.code).toBe("DSW_EHDRBMP");
  });

  it("garbage over both slots: DSW_EHDRBMP naming the bitmap", async () => {
    const { file, vol } = await created();
    await vol.writeHeader({ state: 2 });
    await overwrite(file, HEADER_SLOT_OFFSETS[0] + 40, Buffer.alloc(8, 0x99));
    await overwrite(file, HEADER_SLOT_OFFSETS[1] + 40, Buffer.alloc(8, 0x99));
    const err = await rejection(reopen(file));
    expect(err.code).toBe("DSW_EHDRBMP");
    expect(err.message).toContain(`bitmap ${file}`);
    expect(err.message).toContain("checksum mismatch");
  });
});

describe("bitmaps on disk", () => {
  it("S is stored at FBA 16 and C at FBA 16+L, LSB first, and read back", async () => {
    const { file, vol } = await created();
    const s = new Bitmap(32_768);
    s.set(0);
    s.set(9);
    s.set(32_767);
    const c = new Bitmap(32_768);
    c.set(1);
    c.set(8 * 100 + 3);
    await vol.writeBitmap("S", s);
    await vol.writeBitmap("C", c);
    await vol.sync();

    const bytes = await readFile(file);
    expect(bytes[S_AT]).toBe(0x01);
    expect(bytes[S_AT + 1]).toBe(0x02);
    expect(bytes[S_AT + 4095]).toBe(0x80);
    expect(bytes[C_AT]).toBe(0x02);
    expect(bytes[C_AT + 100]).toBe(0x08);
    // nothing else was touched: header area beyond the slots, slack after each bitmap
    expect(bytes.subarray(S_AT + 2, S_AT + 4095).every((b) => b === 0)).toBe(true);
    expect(bytes.subarray(S_AT + 4096, C_AT).every((b) => b === 0)).toBe(true);
    expect(bytes.subarray(C_AT + 101, VOLUME_BYTES).every((b) => b === 0)).toBe(true);

    const again = await reopen(file);
    expect([...(await again.readBitmap("S")).bytes]).toEqual([...s.bytes]);
    expect([...(await again.readBitmap("C")).bytes]).toEqual([...c.bytes]);
    expect((await again.readBitmap("S")).count()).toBe(3);
    expect((await again.readBitmap("C")).count()).toBe(2);
  });

  it("writeBitmap with a byte range stores only that range", async () => {
    const { file, vol } = await created();
    const s = new Bitmap(32_768);
    s.setAll();
    await vol.writeBitmap("S", s, 10, 20);
    const bytes = await readFile(file);
    expect(bytes.subarray(S_AT, S_AT + 10).every((b) => b === 0)).toBe(true);
    expect(bytes.subarray(S_AT + 10, S_AT + 20).every((b) => b === 0xff)).toBe(true);
    expect(bytes.subarray(S_AT + 20, S_AT + 4096).every((b) => b === 0)).toBe(true);
    expect((await vol.readBitmap("S")).count()).toBe(80);
  });

  it("writeBitmapBytes stores a slice at a byte offset of the region", async () => {
    const { file, vol } = await created();
    await vol.writeBitmapBytes("C", 10, new Uint8Array([0xab, 0xcd]));
    await vol.writeBitmapBytes("S", 4095, new Uint8Array([0x80]));
    const bytes = await readFile(file);
    expect([...bytes.subarray(C_AT + 10, C_AT + 12)]).toEqual([0xab, 0xcd]);
    expect(bytes[S_AT + 4095]).toBe(0x80);
    const c = await vol.readBitmap("C");
    expect(c.get(80)).toBe(true); // 0xab = 1010 1011: bits 0, 1, 3, 5, 7 of byte 10
    expect(c.get(82)).toBe(false);
    expect(c.count()).toBe(5 + 5);
    expect((await vol.readBitmap("S")).get(32_767)).toBe(true);
  });

  it("readRegionBytes returns the whole L-FBA region (what join reads from bitmap2)", async () => {
    const { vol } = await created();
    await vol.writeBitmapBytes("S", 0, new Uint8Array([0x05]));
    const raw = await vol.readRegionBytes("S");
    expect(raw.length).toBe(24 * FBA_BYTES);
    expect(raw[0]).toBe(0x05);
  });

  it("the bitmaps written before a header update are still found after it", async () => {
    const { file, vol } = await created();
    const c = new Bitmap(32_768);
    c.setAll();
    await vol.writeBitmap("C", c);
    await vol.writeHeader({ state: 0x500 });
    const again = await reopen(file);
    expect((await again.readBitmap("C")).count()).toBe(32_768);
    expect((await again.readBitmap("S")).count()).toBe(0);
  });
});
