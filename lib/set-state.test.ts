import { describe, expect, it } from "vitest";
import {
  DSW_BMPOFFLINE,
  DSW_COPYINGM,
  DSW_COPYINGP,
  DSW_GOLDEN,
  DSW_OVERFLOW,
  DSW_SHDEXPORT,
  DSW_SHDIMPORT,
} from "./dsw-flags";
import { countSetStates, pointInTimeIso, setStateOf } from "./set-state";

const set = (flags: number, suspended: string | null = null) => ({ flags, suspended });

describe("setStateOf", () => {
  it("names the most urgent condition", () => {
    expect(setStateOf(set(DSW_GOLDEN))).toBe("ready");
    expect(setStateOf(set(DSW_GOLDEN | DSW_COPYINGP | DSW_COPYINGM))).toBe("copying");
    expect(setStateOf(set(DSW_GOLDEN | DSW_COPYINGM))).toBe("copy stopped");
    expect(setStateOf(set(DSW_GOLDEN | DSW_SHDEXPORT))).toBe("exported");
    expect(setStateOf(set(DSW_GOLDEN | DSW_SHDIMPORT))).toBe("imported");
    expect(setStateOf(set(DSW_OVERFLOW | DSW_COPYINGP))).toBe("out of space");
    expect(setStateOf(set(DSW_BMPOFFLINE | DSW_COPYINGP))).toBe("offline");
    expect(setStateOf(set(DSW_GOLDEN, "bitmap unreadable"))).toBe("suspended");
  });
});

describe("countSetStates", () => {
  it("counts per state in a fixed order, leaving out empty states", () => {
    expect(countSetStates([set(DSW_GOLDEN), set(DSW_GOLDEN | DSW_COPYINGP), set(0), set(DSW_GOLDEN, "x")])).toEqual([
      { state: "suspended", count: 1 },
      { state: "copying", count: 1 },
      { state: "ready", count: 2 },
    ]);
    expect(countSetStates([])).toEqual([]);
  });
});

describe("pointInTimeIso", () => {
  it("turns the header's mtime in seconds into ISO 8601, and 0 into unknown (null)", () => {
    expect(pointInTimeIso(1_764_064_800)).toBe("2025-11-25T10:00:00.000Z");
    expect(pointInTimeIso(0)).toBeNull();
  });
});
