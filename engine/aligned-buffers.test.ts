// O_DIRECT buffers: page-aligned views of one WebAssembly memory, backed by transparent huge pages
// where the host allows them (huge-page-advice.ts), because copies between loop devices ran up
// to 1.8× faster with them.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { alignedBuffers } from "./aligned-buffers";

const MiB = 1024 * 1024;

function anonHugePagesKiB(): number {
  const m = /^AnonHugePages:\s+(\d+) kB$/m.exec(readFileSync("/proc/self/smaps_rollup", "utf8"));
  if (!m) throw new Error("no AnonHugePages line in /proc/self/smaps_rollup");
  return Number(m[1]);
}

/** "always", "madvise" or "never": the bracketed word of the kernel's setting. */
function thpMode(): string {
  try {
    return /\[(\w+)\]/.exec(readFileSync("/sys/kernel/mm/transparent_hugepage/enabled", "utf8"))?.[1] ?? "never";
  } catch {
    return "never";
  }
}

describe("alignedBuffers", () => {
  it("gives separate, page-aligned buffers of the size asked for", () => {
    const [a, b, c] = alignedBuffers(3, 100_000);
    expect([a, b, c].map((x) => x?.length)).toEqual([100_000, 100_000, 100_000]);
    for (const x of [a!, b!, c!]) expect(x.byteOffset % 4096).toBe(0);
    a!.fill(1);
    expect(b!.every((x) => x === 0)).toBe(true);
  });

  const thp = thpMode();
  it.runIf(process.platform === "linux" && thp !== "never")(
    `backs large buffers with huge pages once touched (THP "${thp}" on this host)`,
    () => {
      const before = anonHugePagesKiB();
      const buffers = alignedBuffers(6, 8 * MiB);
      for (const b of buffers) b.fill(0xa5);
      // 48 MiB in 2 MiB pages; a page the kernel could not find whole falls back to 4 KiB ones.
      expect(anonHugePagesKiB() - before).toBeGreaterThanOrEqual(40 * 1024);
    },
  );
});
