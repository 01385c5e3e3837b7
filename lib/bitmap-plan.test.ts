// The planner's figures (docs/instant-image.md §3.3) and its typed-size and naming rules.
import { describe, expect, it } from "vitest";
import { bitmapNameProblem, bitmapVolumeName, compactShadowBytes, parseTypedSizes, planBitmaps } from "./bitmap-plan";
import { minBitmapBytes } from "./bitmap-size";

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;
const TiB = 1024 * GiB;

describe("planBitmaps", () => {
  it("quotes the §3.3 example: a 100 GiB master needs 824 KiB independent, 136 KiB per GiB + 24 KiB compact", () => {
    const plan = planBitmaps([{ key: "a", label: "100G", masterName: "100G", masterBytes: 100 * GiB }], 10);
    expect(plan.rows[0]).toMatchObject({
      independentBytes: 824 * KiB,
      compactDependentBytes: 100 * 136 * KiB + 24 * KiB,
    });
  });

  it("uses lib/bitmap-size for every row and sums the totals", () => {
    const sizes = [64 * MiB, GiB, 2 * TiB, 12_345_678];
    const plan = planBitmaps(
      sizes.map((b, i) => ({ key: String(i), label: String(b), masterName: `m${i}`, masterBytes: b })),
      100,
    );
    plan.rows.forEach((row, i) => {
      expect(row.independentBytes).toBe(minBitmapBytes(sizes[i]!));
      expect(row.compactDependentBytes).toBe(minBitmapBytes(sizes[i]!, "compact-dependent"));
    });
    expect(plan.totals.masterBytes).toBe(sizes.reduce((a, b) => a + b, 0));
    expect(plan.totals.independentBytes).toBe(sizes.reduce((a, b) => a + minBitmapBytes(b), 0));
    expect(plan.totals.compactDependentBytes).toBe(
      sizes.reduce((a, b) => a + minBitmapBytes(b, "compact-dependent"), 0),
    );
  });

  it("is empty with zero totals for no input", () => {
    expect(planBitmaps([], 10)).toEqual({
      rows: [],
      totals: { masterBytes: 0, independentBytes: 0, compactDependentBytes: 0, compactShadowBytes: 0 },
    });
  });
});

describe("compactShadowBytes", () => {
  it("rounds the changed part up to whole 32 KiB chunks", () => {
    expect(compactShadowBytes(GiB, 10)).toBe(Math.ceil(32_768 * 0.1) * 32 * KiB);
    expect(compactShadowBytes(1, 1)).toBe(32 * KiB);
    expect(compactShadowBytes(GiB, 0)).toBe(0);
  });

  it("is the full master (rounded up to chunks) at 100 %, and clamps out-of-range percents", () => {
    expect(compactShadowBytes(GiB, 100)).toBe(GiB);
    expect(compactShadowBytes(GiB, 250)).toBe(GiB);
    expect(compactShadowBytes(GiB, -5)).toBe(0);
  });
});

describe("parseTypedSizes", () => {
  it("splits on commas and whitespace and names each master after what was typed", () => {
    const { sizes, invalid } = parseTypedSizes("1G, 100G\n2T;64M");
    expect(sizes.map((s) => [s.masterName, s.masterBytes])).toEqual([
      ["1G", GiB],
      ["100G", 100 * GiB],
      ["2T", 2 * TiB],
      ["64M", 64 * MiB],
    ]);
    expect(invalid).toEqual([]);
  });

  it("names the entries that are not sizes, and keeps the rest", () => {
    const { sizes, invalid } = parseTypedSizes("10G lots 0 5X");
    expect(sizes.map((s) => s.label)).toEqual(["10G"]);
    expect(invalid.map((i) => i.text)).toEqual(["lots", "0", "5X"]);
    expect(invalid[0]?.message).toContain("'lots' is not a size");
  });

  it("gives a repeated size a numbered name", () => {
    expect(parseTypedSizes("1G 1G 1G").sizes.map((s) => s.masterName)).toEqual(["1G", "1G-2", "1G-3"]);
  });
});

describe("bitmap volume names", () => {
  it("derives <master>.bmp", () => {
    expect(bitmapVolumeName("vol01")).toBe("vol01.bmp");
  });

  it("refuses invalid, existing and duplicate names, naming them", () => {
    expect(bitmapNameProblem("a b", [], ["a b"])).toMatch(/letters, digits/);
    expect(bitmapNameProblem("vol01.bmp", ["vol01.bmp"], ["vol01.bmp"])).toBe(
      "vol01.bmp already exists in this disk group",
    );
    expect(bitmapNameProblem("x.bmp", [], ["x.bmp", "x.bmp"])).toBe("x.bmp is planned twice");
    expect(bitmapNameProblem("x.bmp", ["y"], ["x.bmp"])).toBeNull();
  });
});
