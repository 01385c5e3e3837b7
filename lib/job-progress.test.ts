import { describe, expect, it } from "vitest";
import { completedProgress, percentDone, readJobProgress } from "./job-progress";

const MiB = 1024 * 1024;

describe("percentDone", () => {
  it("floors, so only a finished copy reads 100", () => {
    expect(percentDone(999, 1000)).toBe(99);
    expect(percentDone(1000, 1000)).toBe(100);
    expect(percentDone(0, 0)).toBe(0);
    expect(percentDone(5, 4)).toBe(100);
  });
});

describe("readJobProgress", () => {
  it("reads the agent's progress object", () => {
    const view = readJobProgress({
      phase: "copying",
      direction: "to-shadow",
      set: "/san/backup/vol01",
      chunksDone: 10,
      chunksTotal: 40,
      bytesDone: 16 * MiB,
      bytesTotal: 64 * MiB,
      rateBytesPerSec: 8 * MiB,
      etaSeconds: 6,
    });
    expect(view).toEqual({
      phase: "copying",
      direction: "to-shadow",
      set: "/san/backup/vol01",
      percent: 25,
      bytesDone: 16 * MiB,
      bytesTotal: 64 * MiB,
      rateBytesPerSec: 8 * MiB,
      etaSeconds: 6,
    });
  });

  it("estimates the time left from the rate when the agent sends none", () => {
    const view = readJobProgress({
      bytesDone: 16 * MiB,
      bytesTotal: 64 * MiB,
      rateBytesPerSec: 8 * MiB,
      etaSeconds: null,
    });
    expect(view?.etaSeconds).toBe(6);
  });

  it("has no estimate without a rate, and zero when done", () => {
    expect(readJobProgress({ bytesDone: 0, bytesTotal: 64 * MiB })?.etaSeconds).toBeNull();
    expect(readJobProgress({ bytesDone: 64 * MiB, bytesTotal: 64 * MiB })?.etaSeconds).toBe(0);
  });

  it("falls back to chunks when bytes are missing", () => {
    expect(readJobProgress({ chunksDone: 3, chunksTotal: 4 })?.percent).toBe(75);
  });

  it("is null without progress or without any total", () => {
    expect(readJobProgress(null)).toBeNull();
    expect(readJobProgress({ phase: "checking" })).toBeNull();
    expect(readJobProgress({ bytesDone: "lots", bytesTotal: "more" })).toBeNull();
  });
});

describe("completedProgress", () => {
  it("shows a succeeded copy as all done, whatever its last report said", () => {
    const last = readJobProgress({ bytesDone: 50 * MiB, bytesTotal: 64 * MiB, rateBytesPerSec: MiB, etaSeconds: 14 })!;
    expect(completedProgress(last)).toMatchObject({
      percent: 100,
      bytesDone: 64 * MiB,
      bytesTotal: 64 * MiB,
      etaSeconds: 0,
    });
  });
});
