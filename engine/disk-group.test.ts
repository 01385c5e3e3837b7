// Disk groups and their volumes on real directories (docs/architecture.md §2): creation, sizes, listing,
// the group a volume belongs to, and refusal of bad names and sizes without leaving anything.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { minBitmapBytes } from "@/lib/bitmap-size";
import { attachLoop, canUseLoopDevices, cleanup, detachLoop, makeVolume, scratchDir } from "@/test/support/local-iiadm";
import { createDiskGroup } from "./disk-group";
import { listDiskGroups } from "./disk-group-list";
import { METADATA_FILE, readMetadata } from "./disk-group-metadata";
import { diskGroupDirOf } from "./disk-group-of-volume";
import { deportDiskGroup } from "./disk-group-ownership";
import { addBlockDevice, createBitmapVolume, createVolume } from "./disk-group-volumes";
import { volumeInfo } from "./volume";

const MiB = 1024 * 1024;
const free = async () => null;

describe("disk groups", () => {
  let dir: string;
  let root: string;
  beforeAll(() => {
    dir = scratchDir("dg");
    root = path.join(dir, "san");
    mkdirSync(root);
  });
  afterAll(() => cleanup(dir));

  it("creates a group imported on its host, with sparse, preallocated and bitmap volumes of exact sizes", async () => {
    const { dir: dg, metadata } = await createDiskGroup(root, "backup", "hostA");
    expect(dg).toBe(path.join(root, "backup"));
    expect(metadata).toMatchObject({
      format: 1,
      name: "backup",
      owner: "hostA",
      importGeneration: 1,
      volumesStarted: true,
      volumes: [],
    });
    expect(metadata.id).toMatch(/^[0-9a-f-]{36}$/);

    const sparse = await createVolume(dg, "vol01", 64 * MiB);
    expect(sparse.path).toBe(path.join(dg, "vol01"));
    const st = statSync(sparse.path);
    expect(st.size).toBe(64 * MiB);
    expect(st.blocks * 512).toBeLessThan(MiB); // sparse: nothing allocated yet

    const full = await createVolume(dg, "vol02", 3 * MiB + 512, { preallocate: true });
    const st2 = statSync(full.path);
    expect(st2.size).toBe(3 * MiB + 512);
    expect(st2.blocks * 512).toBeGreaterThanOrEqual(3 * MiB + 512);

    const bmp = await createBitmapVolume(dg, "vol01.bmp", 64 * MiB);
    expect(statSync(bmp.path).size).toBe(minBitmapBytes(64 * MiB));
    const big = await createBitmapVolume(dg, "big.bmp", 100 * 1024 ** 3);
    expect(statSync(big.path).size).toBe(minBitmapBytes(100 * 1024 ** 3));
    expect(big.volume.role).toBe("bitmap");

    const md = await readMetadata(dg);
    expect(md.volumes.map((v) => [v.name, v.kind, v.role, v.sizeBytes])).toEqual([
      ["vol01", "file", "data", 64 * MiB],
      ["vol02", "file", "data", 3 * MiB + 512],
      ["vol01.bmp", "file", "bitmap", minBitmapBytes(64 * MiB)],
      ["big.bmp", "file", "bitmap", minBitmapBytes(100 * 1024 ** 3)],
    ]);
  });

  it("lists groups with owner, volume paths and real sizes; reports a damaged group and skips other directories", async () => {
    await createDiskGroup(root, "prod", "hostB");
    mkdirSync(path.join(root, "not-a-group"));
    mkdirSync(path.join(root, ".hidden"));
    writeFileSync(path.join(root, ".hidden", METADATA_FILE), "{}");
    mkdirSync(path.join(root, "broken"));
    writeFileSync(path.join(root, "broken", METADATA_FILE), '{"format": 1, "id": "x"');
    const warnings: string[] = [];
    const groups = await listDiskGroups([root, path.join(dir, "no-such-root")], (w) => warnings.push(w));
    expect(groups.map((g) => g.name)).toEqual(["backup", "broken", "prod"]);
    const backup = groups[0]!;
    expect(backup.metadata!.owner).toBe("hostA");
    expect(backup.volumes.find((v) => v.name === "vol01")).toMatchObject({
      path: path.join(root, "backup", "vol01"),
      actualSizeBytes: 64 * MiB,
      problem: null,
    });
    expect(groups[1]).toMatchObject({ metadata: null, volumes: [] });
    expect(groups[1]!.damaged).toMatch(/disk group .*broken: metadata .* is damaged/);
    expect(groups[2]!.metadata!.owner).toBe("hostB");
    expect(warnings).toEqual([expect.stringContaining("no-such-root cannot be read")]);
  });

  it("reports a volume whose file went missing instead of failing the listing", async () => {
    const { dir: dg } = await createDiskGroup(root, "lossy", "hostA");
    const v = await createVolume(dg, "gone", MiB);
    cleanup(v.path);
    const [lossy] = (await listDiskGroups([root])).filter((g) => g.name === "lossy");
    expect(lossy!.volumes[0]).toMatchObject({
      name: "gone",
      actualSizeBytes: null,
      problem: expect.stringContaining("does not exist"),
    });
  });

  it("refuses bad names and sizes, naming the field, and creates nothing", async () => {
    const dg = path.join(root, "backup");
    const before = readdirSync(dg).sort();
    const mdBefore = readFileSync(path.join(dg, METADATA_FILE), "utf8");
    const cases: [string, number, RegExp][] = [
      ["a/b", MiB, /^volume name 'a\/b' may only hold letters/],
      ["..", MiB, /^volume name '\.\.' must not start with '\.'/],
      [".pitcrew-dg.json", MiB, /must not start with '\.'/],
      ["", MiB, /^volume name '' is empty/],
      ["x".repeat(65), MiB, /is longer than 64 characters/],
      ["ok", 0, /^volume ok: size 0 is not a positive whole number of bytes/],
      ["ok", -5, /size -5 is not a positive/],
      ["ok", 1.5, /size 1.5 is not a positive/],
      ["ok", Number.NaN, /size NaN is not a positive/],
      ["vol01", MiB, /^disk group backup: volume vol01 already exists/],
    ];
    for (const [name, size, message] of cases) {
      await expect(createVolume(dg, name, size)).rejects.toMatchObject({
        code: expect.stringMatching(/^DG_E(INVAL|EXIST)$/),
        message: expect.stringMatching(message),
      });
    }
    await expect(createBitmapVolume(dg, "b.bmp", 0)).rejects.toMatchObject({
      code: "DG_EINVAL",
      message: expect.stringContaining("master size 0"),
    });
    for (const name of ["a/b", "..", ".x", "x y", ""]) {
      await expect(createDiskGroup(root, name, "hostA")).rejects.toMatchObject({
        code: "DG_EINVAL",
        message: expect.stringContaining("disk group name"),
      });
    }
    await expect(createDiskGroup(root, "backup", "hostA")).rejects.toMatchObject({
      code: "DG_EEXIST",
      message: `disk group backup already exists in ${root}`,
    });
    await expect(createDiskGroup(path.join(dir, "nowhere"), "x", "hostA")).rejects.toMatchObject({
      code: "DG_ENOTFOUND",
    });
    expect(readdirSync(dg).sort()).toEqual(before);
    expect(readFileSync(path.join(dg, METADATA_FILE), "utf8")).toBe(mdBefore);
    expect(readdirSync(root)).not.toContain("a");
  });

  it("refuses a file left in the directory under the new volume's name, and leaves the file alone", async () => {
    const dg = path.join(root, "backup");
    writeFileSync(path.join(dg, "stray"), "keep me");
    await expect(createVolume(dg, "stray", MiB)).rejects.toMatchObject({
      code: "DG_EEXIST",
      message: expect.stringContaining("stray already exists"),
    });
    expect(readFileSync(path.join(dg, "stray"), "utf8")).toBe("keep me");
    expect((await readMetadata(dg)).volumes.some((v) => v.name === "stray")).toBe(false);
  });

  it("changes volumes only on the importing host", async () => {
    const { dir: dg } = await createDiskGroup(root, "moving", "hostA");
    await expect(createVolume(dg, "v", MiB, { host: "hostB" })).rejects.toMatchObject({
      code: "DG_ENOTOWNER",
      message: "disk group moving is imported by host hostA, not by hostB: cannot create volume v",
    });
    await deportDiskGroup(dg, "hostA", free);
    await expect(createVolume(dg, "v", MiB)).rejects.toMatchObject({
      code: "DG_EDEPORTED",
      message: expect.stringContaining("disk group moving is deported"),
    });
    expect(readdirSync(dg)).toEqual([METADATA_FILE]);
  });

  it("finds the group of a volume file, and nothing for a file outside every group", async () => {
    const inside = path.join(root, "backup", "vol01");
    expect(diskGroupDirOf(inside)).toBe(path.join(root, "backup"));
    expect(diskGroupDirOf(await volumeInfo(inside))).toBe(path.join(root, "backup")); // travelDirFor's signature
    const outside = makeVolume(path.join(dir, "loose"), MiB);
    expect(diskGroupDirOf(outside)).toBeNull();
  });

  it("refuses to add a path that is not a block device", async () => {
    const dg = path.join(root, "backup");
    await expect(addBlockDevice(dg, "dev", path.join(root, "backup", "vol01"))).rejects.toMatchObject({
      code: "DG_EINVAL",
      message: expect.stringContaining("is not a block device"),
    });
    await expect(addBlockDevice(dg, "dev", "dev/sda")).rejects.toMatchObject({
      code: "DG_EINVAL",
      message: expect.stringContaining("absolute"),
    });
    await expect(addBlockDevice(dg, "dev", path.join(dir, "no-such-dev"))).rejects.toMatchObject({
      code: "DG_ENOTFOUND",
    });
  });

  it.skipIf(!canUseLoopDevices)("records a block device by path; its group is found through the roots", async () => {
    const { dir: dg } = await createDiskGroup(root, "lun", "hostA");
    const device = attachLoop(makeVolume(path.join(dir, "lun.img"), 4 * MiB));
    try {
      const added = await addBlockDevice(dg, "lun0", device);
      expect(added.volume).toMatchObject({ kind: "block", devicePath: device, sizeBytes: 4 * MiB });
      await expect(addBlockDevice(dg, "again", device)).rejects.toMatchObject({
        code: "DG_EEXIST",
        message: expect.stringContaining("already volume lun0"),
      });
      expect(diskGroupDirOf(device, [root])).toBe(dg);
      expect(diskGroupDirOf(device)).toBeNull(); // without roots nothing lists it
      const [lun] = (await listDiskGroups([root])).filter((g) => g.name === "lun");
      expect(lun!.volumes[0]).toMatchObject({ path: device, actualSizeBytes: 4 * MiB });
    } finally {
      detachLoop(device);
    }
  });
});
