// Copies and updates through `pitcrew iiadm --local`, on sparse files and loop block devices,
// checked by comparing the bytes of master and shadow.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  canUseLoopDevices,
  cleanup,
  cmpEqual,
  Host,
  loopRequired,
  loopScratch,
  makeVolume,
  percentOfBitmapSet,
  scratchDir,
  writeRandomChunks,
} from "@/test/support/local-iiadm";

const MiB = 1024 * 1024;

describe("iiadm --local on files", () => {
  let dir: string;
  let host: Host;
  beforeAll(() => {
    dir = scratchDir("copy");
    host = new Host(dir);
  });
  afterAll(() => cleanup(dir));

  it("enable ind copies the whole master, update copies only changed chunks", () => {
    const m = makeVolume(path.join(dir, "m1"), 64 * MiB, "random");
    const s = makeVolume(path.join(dir, "s1"), 64 * MiB + 512);
    const b = makeVolume(path.join(dir, "b1"), 24 * 1024);
    const enable = host.iiadm("-e", "ind", m, s, b);
    expect(enable.status, enable.stderr).toBe(0);
    host.ok("-w", s);
    expect(cmpEqual(m, s, 64 * MiB)).toBe(true);
    const idle = host.ok("-i", s).stdout;
    expect(idle).toContain(`${m}: (master volume)`);
    expect(idle).toMatch(/^Independent copy$/m);
    expect(idle).toContain("Volume size:   131072");
    expect(percentOfBitmapSet(idle)).toBe(0);

    const changed = writeRandomChunks(m, 20);
    expect(cmpEqual(m, s, 64 * MiB)).toBe(false);
    host.ok("-u", "s", s);
    host.ok("-w", s);
    expect(cmpEqual(m, s, 64 * MiB)).toBe(true);
    expect(changed.length).toBe(20);
    // Once -w returns, the log already says how each copy ended.
    const log = readFileSync(path.join(host.stateDir, "ds.log"), "utf8");
    expect(log.match(new RegExp(`Finish copy to shadow ${s}$`, "gm"))).toHaveLength(2);
    expect(host.ok("-l").stdout).toBe(`ind ${m} ${s} ${b}\n`);
  });

  it("an update recopies chunks written to the shadow, too", () => {
    const m = makeVolume(path.join(dir, "m2"), 16 * MiB, "random");
    const s = makeVolume(path.join(dir, "s2"), 16 * MiB);
    const b = makeVolume(path.join(dir, "b2"), 24 * 1024);
    host.ok("-e", "ind", m, s, b);
    host.ok("-w", s);
    writeRandomChunks(s, 7);
    expect(cmpEqual(m, s)).toBe(false);
    host.ok("-u", "s", s);
    host.ok("-w", s);
    expect(cmpEqual(m, s)).toBe(true);
  });

  it("a group update gives every member one point in time and updates them all", () => {
    const vols = [1, 2, 3].map((i) => ({
      m: makeVolume(path.join(dir, `gm${i}`), 8 * MiB, "random"),
      s: makeVolume(path.join(dir, `gs${i}`), 8 * MiB),
      b: makeVolume(path.join(dir, `gb${i}`), 24 * 1024),
    }));
    for (const v of vols) host.ok("-g", "G1", "-e", "ind", v.m, v.s, v.b);
    host.ok("-g", "G1", "-w");
    for (const v of vols) writeRandomChunks(v.m, 5);
    host.ok("-g", "G1", "-u", "s");
    host.ok("-g", "G1", "-w");
    for (const v of vols) expect(cmpEqual(v.m, v.s)).toBe(true);
    const status = host.ok("-g", "G1", "-i").stdout;
    const times = [...status.matchAll(/Latest modified time: (.*)/g)].map((m) => m[1]);
    expect(times).toHaveLength(3);
    expect(new Set(times).size).toBe(1);
    expect(host.ok("-g", "-L").stdout).toBe("G1\n");
    expect(host.ok("-g", "G1", "-l").stdout.trim().split("\n")).toHaveLength(3);
  });

  it("update to master restores the master from the shadow after confirmation", () => {
    const m = makeVolume(path.join(dir, "m3"), 8 * MiB, "random");
    const s = makeVolume(path.join(dir, "s3"), 8 * MiB);
    const b = makeVolume(path.join(dir, "b3"), 24 * 1024);
    host.ok("-e", "ind", m, s, b);
    host.ok("-w", s);
    writeRandomChunks(m, 9); // the application damaged the master
    host.ok("-n", "-u", "m", s);
    host.ok("-w", s);
    expect(cmpEqual(m, s)).toBe(true);
  });

  it("throttle parameters: get, set within II's ranges, refuse outside them", () => {
    const s = path.join(dir, "s1");
    expect(host.ok("-P", s).stdout).toBe(`volume: ${s}\ncopy delay: 2\ncopy unit: 100\n`);
    host.ok("-P", "50", "1000", s);
    expect(host.ok("-P", s).stdout).toContain("copy delay: 50\ncopy unit: 1000\n");
    const bad = host.iiadm("-P", "1", "1000", s);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("Set Copy Parameters failed");
    expect(host.ok("-P", s).stdout).toContain("copy delay: 50\n");
  });

  it("a dependent set says what it does not guarantee, updates instantly, and disable damages its shadow", () => {
    const m = makeVolume(path.join(dir, "dm"), 8 * MiB, "random");
    const s = makeVolume(path.join(dir, "ds"), 8 * MiB, "random");
    const b = makeVolume(path.join(dir, "db"), 24 * 1024);
    const r = host.ok("-e", "dep", m, s, b);
    expect(r.stderr).toMatch(/cannot do copy-on-write/);
    expect(host.ok("-i", s).stdout).toMatch(/^Dependent copy$/m);
    host.ok("-u", "s", s);
    host.ok("-d", s);
    const bytes = readFileSync(s);
    expect(bytes.subarray(16 * 512, 128 * 512).every((x) => x === 0)).toBe(true);
    expect(bytes.subarray(0, 16 * 512).some((x) => x !== 0)).toBe(true);
  });
});

describe.runIf(canUseLoopDevices || loopRequired)("iiadm --local on loop block devices", () => {
  const scratch = loopScratch("loop");

  it("copies and updates block devices, whose size is read from the device", () => {
    const dir = scratch.dir();
    const m = scratch.attach(makeVolume(path.join(dir, "m.img"), 48 * MiB, "random"));
    const s = scratch.attach(makeVolume(path.join(dir, "s.img"), 48 * MiB));
    const b = scratch.attach(makeVolume(path.join(dir, "b.img"), 1 * MiB));
    const host = new Host(dir);
    host.ok("-e", "ind", m, s, b);
    host.ok("-w", s);
    expect(host.ok("-i", s).stdout).toContain(`Volume size:    98304`);
    expect(cmpEqual(m, s)).toBe(true);
    writeRandomChunks(m, 30, 48 * MiB);
    host.ok("-u", "s", s);
    host.ok("-w", s);
    expect(cmpEqual(m, s)).toBe(true);
    // A write to the shadow device is noticed through its write counter and undone by update.
    writeRandomChunks(s, 4, 48 * MiB);
    host.ok("-u", "s", s);
    host.ok("-w", s);
    expect(cmpEqual(m, s)).toBe(true);
    host.ok("-d", s);
  });
});
