// createDemoSan on real files: the seed's layout, II-sized bitmaps, both groups imported on the
// production host, demo data in the masters only, and a second call that changes nothing.
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readMetadata } from "@/engine/disk-group-metadata";
import { minBitmapBytes } from "@/lib/bitmap-size";
import { createDemoSan, DEMO_DATA_BYTES, DEMO_DISK_GROUPS, DEMO_VOLUME_BYTES, DEMO_VOLUMES } from "./create-demo-san";

let dir: string;
let sanDir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "pitcrew-demo-san-"));
  sanDir = path.join(dir, "san");
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("createDemoSan", () => {
  it("creates production and backup with five 64 MiB volumes and their bitmaps, imported on prod", async () => {
    const result = await createDemoSan(sanDir, { hostName: "prod" });
    expect(result.created).toHaveLength(20);

    for (const dg of DEMO_DISK_GROUPS) {
      const md = await readMetadata(path.join(sanDir, dg));
      expect(md.owner).toBe("prod");
      expect(md.volumesStarted).toBe(true);
      expect(md.volumes.map((v) => v.name).sort()).toEqual(DEMO_VOLUMES.flatMap((v) => [v, `${v}.bmp`]).sort());
      for (const vol of DEMO_VOLUMES) {
        const data = await stat(path.join(sanDir, dg, vol));
        expect(data.size).toBe(DEMO_VOLUME_BYTES);
        // Sparse: at most the demo data is allocated (blocks are 512-byte units).
        expect(data.blocks * 512).toBeLessThanOrEqual(DEMO_DATA_BYTES + 1024 * 1024);
        const bitmap = await stat(path.join(sanDir, dg, `${vol}.bmp`));
        // 2L + 16 sectors with L = floor(131072 / 262144) + 16 = 16: 48 sectors.
        expect(bitmap.size).toBe(minBitmapBytes(DEMO_VOLUME_BYTES));
        expect(bitmap.size).toBe(48 * 512);
      }
    }
  });

  it("puts labelled data in the production volumes and leaves the shadows empty", async () => {
    await createDemoSan(sanDir, { hostName: "prod" });
    const master = await readFile(path.join(sanDir, "production", "vol03"));
    expect(master.subarray(0, 60).toString("utf8")).toContain("pitcrew demo SAN: production/vol03 block 0");
    expect(master.subarray(DEMO_DATA_BYTES - 4096, DEMO_DATA_BYTES).some((b) => b !== 0)).toBe(true);
    expect(master.subarray(DEMO_DATA_BYTES).every((b) => b === 0)).toBe(true);
    const shadow = await readFile(path.join(sanDir, "backup", "vol03"));
    expect(shadow.every((b) => b === 0)).toBe(true);
  });

  it("is idempotent: a second call creates nothing and keeps what is there", async () => {
    await createDemoSan(sanDir, { hostName: "prod" });
    const vol01 = path.join(sanDir, "production", "vol01");
    await writeFile(vol01, "written by the operator", { flag: "r+" });
    const before = await readMetadata(path.join(sanDir, "backup"));

    const again = await createDemoSan(sanDir, { hostName: "prod" });

    expect(again.created).toEqual([]);
    expect(await readMetadata(path.join(sanDir, "backup"))).toEqual(before);
    expect((await readFile(vol01)).subarray(0, 23).toString("utf8")).toBe("written by the operator");
  });
});
