import { describe, expect, it } from "vitest";
import { bytesReadFromStat, extentsFromFilefrag, lastExtentDiff } from "./instant-figures";

describe("bench instant figures", () => {
  it("reads sectors read (field 3, 512-byte units) from /sys/block/<dev>/stat", () => {
    const stat =
      "   23612        2 10708236   144050    10939   248106  3950520    81254        0    15936   230670        8        0   262152        5      325     5358\n";
    expect(bytesReadFromStat(stat)).toBe(10708236 * 512);
    // Older kernels print 11 fields.
    expect(bytesReadFromStat("1 0 8 0 0 0 0 0 0 0 0")).toBe(4096);
    expect(() => bytesReadFromStat("")).toThrow(/unexpected/);
    expect(() => bytesReadFromStat("1 2 x 4 5 6 7 8 9 10 11")).toThrow(/unexpected/);
  });

  it("takes the extent-map diff of the shadow's last update only", () => {
    const log = [
      "2026-12-07T12:00:00.000Z ii: Start update to shadow /v/s",
      "2026-12-07T12:00:00.100Z ii: Changes of /v/s from extent maps: 10 chunks (327680 bytes) in 3 ms, 12 extents",
      "2026-12-07T12:00:01.000Z ii: Finish copy to shadow /v/s",
      "2026-12-07T12:01:00.000Z ii: Start update to shadow /v/other",
      "2026-12-07T12:01:00.100Z ii: Changes of /v/other from extent maps: 99 chunks (3244032 bytes) in 5 ms, 120 extents",
      "2026-12-07T12:02:00.000Z ii: Start update to shadow /v/s",
      "2026-12-07T12:02:00.200Z ii: Changes of /v/s from extent maps: 328 chunks (10747904 bytes) in 14 ms, 341 extents",
      "",
    ].join("\n");
    expect(lastExtentDiff(log, "/v/s")).toEqual({ chunks: 328, bytes: 10747904, ms: 14, extents: 341 });
    expect(lastExtentDiff(log, "/v/other")).toEqual({ chunks: 99, bytes: 3244032, ms: 5, extents: 120 });
    // An update that read its clone instead has no diff line after its start.
    expect(lastExtentDiff(`${log}2026-12-07T12:03:00.000Z ii: Start update to shadow /v/s\n`, "/v/s")).toBeNull();
    expect(lastExtentDiff("", "/v/s")).toBeNull();
  });

  it("reads filefrag's extent count", () => {
    expect(extentsFromFilefrag("/mnt/master: 37 extents found\n")).toBe(37);
    expect(extentsFromFilefrag("/mnt/master: 1 extent found\n")).toBe(1);
    expect(extentsFromFilefrag("filefrag: Operation not supported")).toBeNull();
  });
});
