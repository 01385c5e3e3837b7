// In-memory bitmaps (docs/instant-image.md §3.1): chunk c is byte c/8, bit c%8, LSB first, and bits
// past the last chunk are never set, so counts and "percent of bitmap set" stay exact.
import { describe, expect, it } from "vitest";
import { Bitmap } from "./bitmap";

const runsOf = (b: Bitmap, maxRun: number, from?: number) => [...b.runs(maxRun, from)];

describe("bit layout", () => {
  it("is least-significant bit first: bit 0 is 0x01 of byte 0, bit 9 is 0x02 of byte 1", () => {
    const b = new Bitmap(16);
    b.set(0);
    expect([...b.bytes]).toEqual([0x01, 0x00]);
    b.set(9);
    expect([...b.bytes]).toEqual([0x01, 0x02]);
    b.set(7);
    b.set(15);
    expect([...b.bytes]).toEqual([0x81, 0x82]);
  });

  it("get/set/clear address the same bit", () => {
    const b = new Bitmap(20);
    b.set(13);
    expect(b.get(13)).toBe(true);
    expect(b.get(12)).toBe(false);
    expect(b.get(14)).toBe(false);
    b.clear(13);
    expect(b.get(13)).toBe(false);
    expect(b.isEmpty()).toBe(true);
  });

  it("allocates ceil(bits/8) bytes", () => {
    expect(new Bitmap(0).bytes.length).toBe(0);
    expect(new Bitmap(1).bytes.length).toBe(1);
    expect(new Bitmap(8).bytes.length).toBe(1);
    expect(new Bitmap(9).bytes.length).toBe(2);
    expect(new Bitmap(32_768).bytes.length).toBe(4096);
  });

  it("wraps given bytes without copying (writes show through) and refuses too few", () => {
    const raw = new Uint8Array([0x00, 0x04, 0xee]);
    const b = new Bitmap(16, raw);
    expect(b.bytes.length).toBe(2);
    expect(b.get(10)).toBe(true);
    b.set(0);
    expect(raw[0]).toBe(0x01);
    expect(() => new Bitmap(17, new Uint8Array(2))).toThrow(RangeError);
    expect(() => new Bitmap(17, new Uint8Array(2))).toThrow("bitmap needs 3 bytes, got 2");
  });
});

describe("setAll", () => {
  it("sets every chunk and clears bits past the last one (13 bits -> last byte 0x1f)", () => {
    const b = new Bitmap(13);
    b.setAll();
    expect([...b.bytes]).toEqual([0xff, 0x1f]);
    expect(b.count()).toBe(13);
    expect(b.get(12)).toBe(true);
  });

  it("fills whole bytes when the length is a multiple of 8", () => {
    const b = new Bitmap(16);
    b.setAll();
    expect([...b.bytes]).toEqual([0xff, 0xff]);
    expect(b.count()).toBe(16);
  });

  it("a 1-bit bitmap becomes 0x01", () => {
    const b = new Bitmap(1);
    b.setAll();
    expect([...b.bytes]).toEqual([0x01]);
  });

  it("clearAll empties it again", () => {
    const b = new Bitmap(13);
    b.setAll();
    b.clearAll();
    expect(b.isEmpty()).toBe(true);
    expect(b.count()).toBe(0);
  });
});

describe("or / orBytes (update ORs S into C; join ORs an importer's S)", () => {
  it("or merges bits", () => {
    const a = new Bitmap(16);
    const b = new Bitmap(16);
    a.set(1);
    b.set(1);
    b.set(10);
    a.or(b);
    expect([...a.bytes]).toEqual([0x02, 0x04]);
    expect([...b.bytes]).toEqual([0x02, 0x04]);
  });

  it("or never sets bits past the last chunk", () => {
    const a = new Bitmap(13);
    const b = new Bitmap(16, new Uint8Array([0x00, 0xff]));
    a.or(b);
    expect([...a.bytes]).toEqual([0x00, 0x1f]);
    expect(a.count()).toBe(5);
  });

  it("orBytes never sets bits past the last chunk, and ignores bytes beyond the bitmap", () => {
    const a = new Bitmap(13);
    a.orBytes(new Uint8Array([0x80, 0xff, 0xff, 0xff]));
    expect([...a.bytes]).toEqual([0x80, 0x1f]);
    expect(a.count()).toBe(6);
  });

  it("orBytes with fewer bytes than the bitmap merges only those", () => {
    const a = new Bitmap(24);
    a.set(20);
    a.orBytes(new Uint8Array([0x0f]));
    expect([...a.bytes]).toEqual([0x0f, 0x00, 0x10]);
  });

  it("or with a shorter bitmap merges its bytes only", () => {
    const a = new Bitmap(24);
    const b = new Bitmap(8);
    b.setAll();
    a.or(b);
    expect([...a.bytes]).toEqual([0xff, 0x00, 0x00]);
  });
});

describe("count / countUnion", () => {
  it("count is the number of set chunks", () => {
    const b = new Bitmap(100);
    for (const bit of [0, 7, 8, 63, 64, 99]) b.set(bit);
    expect(b.count()).toBe(6);
  });

  it("countUnion counts S OR C without changing either (iiadm -i's composite)", () => {
    const s = new Bitmap(100);
    const c = new Bitmap(100);
    for (const bit of [1, 2, 3, 50]) s.set(bit);
    for (const bit of [3, 4, 50, 99]) c.set(bit);
    expect(s.countUnion(c)).toBe(6);
    expect(c.countUnion(s)).toBe(6);
    expect(s.count()).toBe(4);
    expect(c.count()).toBe(4);
  });

  it("countUnion with a shorter other counts this bitmap's remaining bytes", () => {
    const a = new Bitmap(24);
    a.set(20);
    const b = new Bitmap(8);
    b.set(0);
    expect(a.countUnion(b)).toBe(2);
  });
});

describe("runs (copy transfer units, §3.5)", () => {
  it("yields nothing for an empty bitmap", () => {
    expect(runsOf(new Bitmap(1000), 16)).toEqual([]);
  });

  it("finds runs separated by gaps, in ascending order", () => {
    const b = new Bitmap(64);
    for (const bit of [2, 3, 4, 10, 11, 30, 63]) b.set(bit);
    expect(runsOf(b, 100)).toEqual([
      { first: 2, count: 3 },
      { first: 10, count: 2 },
      { first: 30, count: 1 },
      { first: 63, count: 1 },
    ]);
  });

  it("splits a long run at maxRun", () => {
    const b = new Bitmap(40);
    for (let bit = 3; bit < 13; bit++) b.set(bit); // 10 bits
    expect(runsOf(b, 4)).toEqual([
      { first: 3, count: 4 },
      { first: 7, count: 4 },
      { first: 11, count: 2 },
    ]);
    expect(runsOf(b, 1)).toHaveLength(10);
  });

  it("a run crossing byte boundaries is one run", () => {
    const b = new Bitmap(32);
    for (let bit = 6; bit < 26; bit++) b.set(bit);
    expect(runsOf(b, 64)).toEqual([{ first: 6, count: 20 }]);
  });

  it("a full bitmap of 13 bits is one run that stops at the last chunk", () => {
    const b = new Bitmap(13);
    b.setAll();
    expect(runsOf(b, 1000)).toEqual([{ first: 0, count: 13 }]);
  });

  it("starts at `from`, also in the middle of a byte or of a run", () => {
    const b = new Bitmap(64);
    for (const bit of [1, 5, 6, 7, 8, 9, 40]) b.set(bit);
    expect(runsOf(b, 100, 2)).toEqual([
      { first: 5, count: 5 },
      { first: 40, count: 1 },
    ]);
    expect(runsOf(b, 100, 7)).toEqual([
      { first: 7, count: 3 },
      { first: 40, count: 1 },
    ]);
    expect(runsOf(b, 100, 8)).toEqual([
      { first: 8, count: 2 },
      { first: 40, count: 1 },
    ]);
    expect(runsOf(b, 100, 41)).toEqual([]);
    expect(runsOf(b, 100, 64)).toEqual([]);
  });

  it("skips zero bytes fast but finds a lone bit far out", () => {
    const b = new Bitmap(4_000_000);
    b.set(3_999_999);
    expect(runsOf(b, 16)).toEqual([{ first: 3_999_999, count: 1 }]);
  });

  it("ignores stray tail bits in wrapped bytes past the last chunk", () => {
    const b = new Bitmap(12, new Uint8Array([0x00, 0xf8]));
    expect(runsOf(b, 100)).toEqual([{ first: 11, count: 1 }]);
  });

  it("covers every set bit exactly once", () => {
    const b = new Bitmap(1000);
    for (let bit = 0; bit < 1000; bit++) if ((bit * 7919) % 13 < 6) b.set(bit);
    const seen = new Bitmap(1000);
    for (const { first, count } of b.runs(5)) {
      expect(count).toBeGreaterThan(0);
      expect(count).toBeLessThanOrEqual(5);
      for (let bit = first; bit < first + count; bit++) {
        expect(seen.get(bit)).toBe(false);
        seen.set(bit);
      }
    }
    expect([...seen.bytes]).toEqual([...b.bytes]);
  });
});

describe("clearRange / isEmpty", () => {
  it("clears exactly [first, first+count)", () => {
    const b = new Bitmap(24);
    b.setAll();
    b.clearRange(5, 10);
    for (let bit = 0; bit < 24; bit++) expect(b.get(bit)).toBe(bit < 5 || bit >= 15);
    expect([...b.bytes]).toEqual([0x1f, 0x80, 0xff]);
    expect(b.count()).toBe(14);
  });

  it("count 0 clears nothing", () => {
    const b = new Bitmap(8);
    b.setAll();
    b.clearRange(3, 0);
    expect(b.count()).toBe(8);
  });

  it("isEmpty tells whether any chunk is set", () => {
    const b = new Bitmap(100);
    expect(b.isEmpty()).toBe(true);
    b.set(99);
    expect(b.isEmpty()).toBe(false);
    b.clearRange(90, 10);
    expect(b.isEmpty()).toBe(true);
  });
});
