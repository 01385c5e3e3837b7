// Refused commands name the object and the reason, exit with iiadm's status, and change
// nothing: volumes, bitmaps and the configuration are byte-for-byte as before.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  attachLoop,
  canUseLoopDevices,
  cleanup,
  detachLoop,
  Host,
  loopRequired,
  makeVolume,
  scratchDir,
  sha256,
} from "@/test/support/local-iiadm";

const MiB = 1024 * 1024;

describe("refused commands change nothing", () => {
  let dir: string;
  let host: Host;
  let files: string[];
  const v = {} as Record<"m" | "s" | "b" | "m2" | "small" | "tinyBitmap" | "b2" | "s2", string>;
  beforeAll(() => {
    dir = scratchDir("refuse");
    host = new Host(dir);
    v.m = makeVolume(path.join(dir, "m"), 16 * MiB, "random");
    v.s = makeVolume(path.join(dir, "s"), 16 * MiB);
    v.b = makeVolume(path.join(dir, "b"), 24 * 1024);
    v.m2 = makeVolume(path.join(dir, "m2"), 16 * MiB, "random");
    v.small = makeVolume(path.join(dir, "small-shadow"), 8 * MiB);
    v.tinyBitmap = makeVolume(path.join(dir, "tiny.bmp"), 16 * 1024);
    v.b2 = makeVolume(path.join(dir, "b2"), 24 * 1024);
    v.s2 = makeVolume(path.join(dir, "s2"), 16 * MiB);
    host.ok("-e", "ind", v.m, v.s, v.b);
    host.ok("-w", v.s);
    files = [...Object.values(v), path.join(host.stateDir, "config.json")];
  });
  afterAll(() => cleanup(dir));

  const cases: [string, () => string[], number, RegExp][] = [
    [
      "a bitmap too small for the master",
      () => ["-e", "ind", v.m2, v.s2, v.tinyBitmap],
      2,
      /bitmap volume .*tiny\.bmp is 16384 bytes; .* needs at least 24576/,
    ],
    [
      "an independent shadow smaller than the master",
      () => ["-e", "ind", v.m2, v.small, v.b2],
      2,
      /shadow volume .*small-shadow .* is smaller than master/,
    ],
    [
      "the same volume twice",
      () => ["-e", "ind", v.m2, v.m2, v.b2],
      2,
      /master .*m2 and shadow .*m2 are the same device/,
    ],
    [
      "a shadow already in a set",
      () => ["-e", "ind", v.m2, v.s, v.b2],
      2,
      /shadow volume .*\/s is already configured as shadow of set/,
    ],
    [
      "a bitmap already in use",
      () => ["-e", "ind", v.m2, v.s2, v.b],
      2,
      /bitmap in use: .*\/b is already bitmap of set/,
    ],
    [
      "a master that does not exist",
      () => ["-e", "ind", path.join(dir, "nope"), v.s2, v.b2],
      2,
      /master volume .*nope: does not exist/,
    ],
    ["an unknown set", () => ["-u", "s", v.s2], 2, /s2: Volume is not in a Point-in-Time Copy group/],
    [
      "a throttle out of range",
      () => ["-P", "1", "99", v.s],
      2,
      /delay must be 2 to 10000 ticks and unit 100 to 60000/,
    ],
    [
      "a join with a live bitmap the importer never disabled",
      () => ["-J", v.s, v.b],
      1,
      /b was never disabled by the importing host/,
    ],
    ["a join of a set that is not exported", () => ["-n", "-J", v.s, v.b], 2, /s: set is not exported/],
    ["an overflow volume", () => ["-A", v.s2, v.s], 2, /not supported yet/],
    ["a usage error", () => ["-e", "both", v.m2, v.s2, v.b2], 1, /must specify ind or dep/],
    ["two actions", () => ["-l", "-i"], 1, /too many action flags/],
  ];

  it.each(cases)("refuses %s", (_what, args, status, message) => {
    const before = files.map(sha256);
    const r = host.iiadm(...args());
    expect(r.status, r.stdout + r.stderr).toBe(status);
    expect(r.stderr).toMatch(message);
    expect(files.map(sha256)).toEqual(before);
  });
});

describe.runIf(canUseLoopDevices || loopRequired)("mounted volumes (ext4 on a loop device)", () => {
  let dir: string;
  let loop = "";
  let mnt = "";
  beforeAll(() => {
    dir = scratchDir("mount");
  });
  afterAll(() => {
    if (mnt) spawnSync("umount", [mnt]);
    if (loop) detachLoop(loop);
    cleanup(dir);
  });

  it("refuses a mounted shadow, by device and by backing file, and accepts it once unmounted", () => {
    expect(canUseLoopDevices, "loop devices are required here (root and /dev/loop-control)").toBe(true);
    const host = new Host(dir);
    // The master holds a filesystem, so the shadow can be mounted once it is copied.
    const m = makeVolume(path.join(dir, "m"), 32 * MiB);
    execFileSync("mkfs.ext4", ["-q", "-F", m], { stdio: "ignore" });
    const shadowFile = makeVolume(path.join(dir, "s.img"), 32 * MiB);
    const b = makeVolume(path.join(dir, "b"), 24 * 1024);
    loop = attachLoop(shadowFile);
    execFileSync("mkfs.ext4", ["-q", "-F", loop], { stdio: "ignore" });
    mnt = path.join(dir, "mnt");
    mkdirSync(mnt);
    execFileSync("mount", [loop, mnt]);
    const before = [m, b].map(sha256);
    for (const shadow of [loop, shadowFile]) {
      const r = host.iiadm("-e", "ind", m, shadow, b);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`shadow volume ${shadow} is mounted on ${mnt}, unmount it first`);
    }
    expect([m, b].map(sha256)).toEqual(before);
    execFileSync("umount", [mnt]);
    host.ok("-e", "ind", m, loop, b);
    host.ok("-w", loop);
    expect(readFileSync(m).equals(readFileSync(shadowFile))).toBe(true);
    execFileSync("mount", ["-o", "ro", loop, mnt], { stdio: "ignore" });
    const update = host.iiadm("-u", "s", loop);
    expect(update.status).toBe(2);
    expect(update.stderr).toMatch(/target of copy\/update .* is mounted/);
    execFileSync("umount", [mnt]);
    mnt = "";
    host.ok("-d", loop);
  });
});
