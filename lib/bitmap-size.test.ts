// Bitmap-volume sizing (docs/instant-image.md §3.1–§3.3): the numbers an operator is quoted when
// sizing a bitmap volume ("8 KiB per GiB + 24 KiB"), checked against the worked examples.
import { describe, expect, it } from "vitest";
import {
  bitmapFbaLength,
  bitmapLayout,
  bytesToFbas,
  CHUNK_BYTES,
  chunkCount,
  FBA_BYTES,
  minBitmapBytes,
} from "./bitmap-size";

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;
const TiB = 1024 * GiB;

/** II's rule of thumb (docs/instant-image.md §3.3): 8 KiB per GiB of master + 24 KiB. */
const ruleOfThumb = (masterBytes: number) => (8 * KiB * masterBytes) / GiB + 24 * KiB;

describe("geometry constants", () => {
  it("a chunk is 64 FBAs = 32 KiB", () => {
    expect(FBA_BYTES).toBe(512);
    expect(CHUNK_BYTES).toBe(32 * KiB);
  });
});

describe("the 100 GiB example of §3.3", () => {
  const master = 100 * GiB;

  it("L = 800 + 16 = 816 FBAs per bitmap", () => {
    expect(bytesToFbas(master)).toBe(209_715_200);
    expect(bitmapFbaLength(bytesToFbas(master))).toBe(816);
  });

  it("layout: header 0-15, S at 16, C at 16+816, total 2·816+16 = 1648 FBAs", () => {
    expect(bitmapLayout(bytesToFbas(master))).toEqual({
      bitmapFbas: 816,
      shadowBitmapFba: 16,
      copyBitmapFba: 832,
      indexFba: 1648,
      indexFbas: 0,
      minFbas: 1648,
    });
  });

  it("needs 843776 bytes = 824 KiB = 100 × 8 KiB + 24 KiB", () => {
    expect(minBitmapBytes(master)).toBe(843_776);
    expect(minBitmapBytes(master)).toBe(824 * KiB);
    expect(minBitmapBytes(master)).toBe(100 * 8 * KiB + 24 * KiB);
  });
});

describe("8 KiB per GiB + 24 KiB is exact for multiples of 128 MiB", () => {
  it.each([
    ["128 MiB", 128 * MiB, 25 * KiB],
    ["1 GiB", GiB, 32 * KiB],
    ["100 GiB", 100 * GiB, 824 * KiB],
    ["1 TiB", TiB, 8 * MiB + 24 * KiB],
    ["16 TiB", 16 * TiB, 128 * MiB + 24 * KiB],
  ])("%s master -> %d bytes", (_name, master, expected) => {
    expect(minBitmapBytes(master)).toBe(expected);
    expect(minBitmapBytes(master)).toBe(ruleOfThumb(master));
  });

  it("16 TiB: each bitmap is 64 MiB plus the 16-FBA slack", () => {
    const layout = bitmapLayout(bytesToFbas(16 * TiB));
    expect(layout.bitmapFbas).toBe(131_072 + 16);
    expect((layout.bitmapFbas - 16) * FBA_BYTES).toBe(64 * MiB);
  });
});

describe("sizes that are not a multiple of 128 MiB", () => {
  it("64 MiB: the truncated part fits in the slack, so 24 KiB suffices (rule of thumb says 24.5 KiB)", () => {
    const layout = bitmapLayout(bytesToFbas(64 * MiB));
    expect(layout.bitmapFbas).toBe(16);
    expect(minBitmapBytes(64 * MiB)).toBe(24 * KiB);
    expect(ruleOfThumb(64 * MiB)).toBe(24.5 * KiB);
    // 2048 chunks need 256 bytes of bitmap: well inside the 16 FBAs given.
    expect(chunkCount(bytesToFbas(64 * MiB)) / 8).toBeLessThanOrEqual(layout.bitmapFbas * FBA_BYTES);
  });

  it("100 GiB + 1 MiB needs the same 824 KiB as 100 GiB (remainder absorbed by the slack)", () => {
    expect(minBitmapBytes(100 * GiB + MiB)).toBe(824 * KiB);
  });

  it("1 GiB − 1 FBA rounds L down: 7 + 16 = 23 FBAs, 31 KiB in all", () => {
    expect(bitmapFbaLength(bytesToFbas(GiB - 512))).toBe(23);
    expect(minBitmapBytes(GiB - 512)).toBe(31 * KiB);
  });

  it("the bitmap always has room for every chunk", () => {
    for (const master of [1, 511, 513, 64 * MiB, 128 * MiB - 1, 3 * GiB + 12345, 7 * TiB + 999]) {
      const fbas = bytesToFbas(master);
      const { bitmapFbas } = bitmapLayout(fbas);
      expect(Math.ceil(chunkCount(fbas) / 8)).toBeLessThanOrEqual(bitmapFbas * FBA_BYTES);
    }
  });
});

describe("a partial FBA counts as a whole one", () => {
  it("bytesToFbas rounds up", () => {
    expect(bytesToFbas(0)).toBe(0);
    expect(bytesToFbas(1)).toBe(1);
    expect(bytesToFbas(512)).toBe(1);
    expect(bytesToFbas(513)).toBe(2);
  });

  it("128 MiB − 1 byte is addressed as 262144 FBAs and sized like 128 MiB", () => {
    expect(bytesToFbas(128 * MiB - 1)).toBe(262_144);
    expect(minBitmapBytes(128 * MiB - 1)).toBe(minBitmapBytes(128 * MiB));
    expect(minBitmapBytes(128 * MiB - 1)).toBe(25 * KiB);
    // …whereas one whole FBA less drops below the 128 MiB boundary.
    expect(minBitmapBytes(128 * MiB - 512)).toBe(24 * KiB);
  });
});

describe("chunkCount", () => {
  it("rounds a partial chunk up", () => {
    expect(chunkCount(0)).toBe(0);
    expect(chunkCount(1)).toBe(1);
    expect(chunkCount(64)).toBe(1);
    expect(chunkCount(65)).toBe(2);
    expect(chunkCount(128)).toBe(2);
  });

  it("100 GiB is 3 276 800 chunks of 32 KiB", () => {
    expect(chunkCount(bytesToFbas(100 * GiB))).toBe(3_276_800);
    expect(chunkCount(bytesToFbas(100 * GiB + 1))).toBe(3_276_801);
  });
});

describe("compact dependent sets add the chunk index", () => {
  it("adds ceil(chunks/128) FBAs after C", () => {
    const fbas = bytesToFbas(100 * GiB);
    const layout = bitmapLayout(fbas, "compact-dependent");
    expect(layout.indexFba).toBe(1648);
    expect(layout.indexFbas).toBe(3_276_800 / 128);
    expect(layout.minFbas).toBe(1648 + 25_600);
  });

  it("costs 128 KiB per GiB more: 100 GiB needs 136 KiB × 100 + 24 KiB", () => {
    const independent = minBitmapBytes(100 * GiB);
    const compact = minBitmapBytes(100 * GiB, "compact-dependent");
    expect(compact - independent).toBe(100 * 128 * KiB);
    expect(compact).toBe(100 * 136 * KiB + 24 * KiB);
    expect(minBitmapBytes(GiB, "compact-dependent")).toBe(136 * KiB + 24 * KiB);
  });

  it("a partial index FBA rounds up", () => {
    expect(bitmapLayout(65, "compact-dependent").indexFbas).toBe(1); // 2 chunks
    expect(bitmapLayout(128 * 64, "compact-dependent").indexFbas).toBe(1); // 128 chunks
    expect(bitmapLayout(128 * 64 + 1, "compact-dependent").indexFbas).toBe(2); // 129 chunks
  });

  it("satisfies the kernel's check spare × 128 ≥ masterChunks", () => {
    for (const fbas of [65, 262_144, 209_715_200, 209_715_201]) {
      const l = bitmapLayout(fbas, "compact-dependent");
      const spare = l.minFbas - l.copyBitmapFba - l.bitmapFbas;
      expect(spare * 128).toBeGreaterThanOrEqual(chunkCount(fbas));
    }
  });

  it("independent is the default kind and has no index", () => {
    expect(bitmapLayout(bytesToFbas(GiB)).indexFbas).toBe(0);
    expect(minBitmapBytes(GiB)).toBe(minBitmapBytes(GiB, "independent"));
  });
});
