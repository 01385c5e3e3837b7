import { describe, expect, it } from "vitest";
import { formatProgressBar } from "./progress-bar";

describe("formatProgressBar", () => {
  it("shows the bar, percent, bytes, rate and time left", () => {
    expect(
      formatProgressBar("/san/backup/vol01", {
        bytesDone: 512 << 20,
        bytesTotal: 1 << 30,
        rateBytesPerSec: 128 << 20,
        etaSeconds: 4,
      }),
    ).toBe("/san/backup/vol01 [############------------]  50% 512 MiB/1 GiB 128 MiB/s 4 s left");
  });

  it("never shows 100 % before the last byte, and says when the time left is unknown", () => {
    const line = formatProgressBar("s", {
      bytesDone: (1 << 30) - 1,
      bytesTotal: 1 << 30,
      rateBytesPerSec: 0,
      etaSeconds: null,
    });
    expect(line).toContain(" 99% ");
    expect(line).toContain("time left unknown");
  });
});
