import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  attachLoop,
  canUseLoopDevices,
  cleanup,
  detachLoop,
  loopRequired,
  makeVolume,
  scratchDir,
  sha256,
} from "@/test/support/local-iiadm";
import { MANIFEST_FILE } from "./archive-manifest";
import { createArchive, verifyArchive } from "./create-archive";

describe("createArchive", () => {
  let dir: string;
  let vols: string[];

  beforeEach(() => {
    dir = scratchDir("archive");
    mkdirSync(path.join(dir, "backup"));
    vols = [
      makeVolume(path.join(dir, "backup", "vol01"), 9 << 20, "random"),
      makeVolume(path.join(dir, "backup", "vol02"), 3 << 20, "random"),
    ];
    mkdirSync(path.join(dir, "archives"));
  });
  afterEach(() => cleanup(dir));

  const archive = (label = "run-1", targetDir = path.join(dir, "archives")) =>
    createArchive({
      volumes: vols.map((v) => ({ path: v, set: v })),
      targetDir,
      label,
      host: "backup",
      pointInTime: "2026-11-25T10:00:00.000Z",
    });

  it("streams each volume to a file whose bytes equal the volume, with a manifest of sizes and SHA-256", async () => {
    const progress: number[] = [];
    const { dir: out, manifest } = await createArchive(
      {
        volumes: vols.map((v) => ({ path: v, set: v })),
        targetDir: path.join(dir, "archives"),
        label: "run-1",
        host: "backup",
        pointInTime: null,
      },
      { onProgress: (p) => progress.push(p.bytesDone) },
    );

    expect(readdirSync(out).sort()).toEqual(["backup-vol01.img", "backup-vol02.img", MANIFEST_FILE]);
    for (const [i, v] of vols.entries()) {
      const file = path.join(out, manifest.volumes[i]!.file);
      expect(sha256(file)).toBe(sha256(v));
      expect(manifest.volumes[i]).toMatchObject({
        volume: v,
        sizeBytes: i === 0 ? 9 << 20 : 3 << 20,
        sha256: sha256(v),
      });
    }
    expect(JSON.parse(readFileSync(path.join(out, MANIFEST_FILE), "utf8"))).toEqual(manifest);
    expect(progress.at(-1)).toBe(12 << 20); // archiving, then verifying, each up to the total
    expect(Math.max(...progress)).toBe(12 << 20);
  });

  it("never overwrites an archive", async () => {
    await archive();
    await expect(archive()).rejects.toMatchObject({
      code: "ARCHIVE_EEXIST",
      message: expect.stringContaining("run-1 already exists"),
    });
  });

  it("finds a changed byte when the archive is read back", async () => {
    const { dir: out } = await archive();
    const file = path.join(out, "backup-vol02.img");
    const bytes = readFileSync(file);
    bytes[12345] = (bytes[12345]! + 1) % 256;
    writeFileSync(file, bytes);
    await expect(verifyArchive(out)).rejects.toMatchObject({
      code: "ARCHIVE_EMISMATCH",
      message: expect.stringContaining(file),
    });
  });

  describe.runIf(canUseLoopDevices || loopRequired)("on a full target (a 4 MiB ext4 on a loop device)", () => {
    let loop: string | null = null;
    let mnt: string | null = null;
    afterEach(() => {
      if (mnt) spawnSync("umount", [mnt]);
      if (loop) detachLoop(loop);
      loop = mnt = null;
    });

    it("fails naming the full target and leaves nothing behind, so the same label can be tried again", async () => {
      const image = makeVolume(path.join(dir, "small.img"), 4 << 20);
      execFileSync("mkfs.ext4", ["-q", "-F", image], { stdio: "ignore" });
      loop = attachLoop(image);
      mnt = path.join(dir, "mnt");
      mkdirSync(mnt);
      execFileSync("mount", [loop, mnt]);

      await expect(archive("run-full", mnt)).rejects.toMatchObject({
        code: "ARCHIVE_ENOSPC",
        message: expect.stringContaining("archive target full"),
      });
      const out = path.join(mnt, "run-full");
      expect(existsSync(path.join(out, MANIFEST_FILE))).toBe(false);
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(mnt).filter((f) => f !== "lost+found")).toEqual([]);
    });
  });
});
