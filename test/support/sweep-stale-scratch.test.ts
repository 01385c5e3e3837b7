import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { attachLoop, canUseLoopDevices, detachLoop, loopRequired } from "./local-iiadm";
import { sweepStaleScratch } from "./sweep-stale-scratch";

describe("sweepStaleScratch", () => {
  const parent = mkdtempSync(path.join(tmpdir(), "sweep-parent-"));
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  const make = (name: string, ageHours: number) => {
    const dir = path.join(parent, name);
    mkdirSync(dir);
    writeFileSync(path.join(dir, "volume"), "x");
    const t = (Date.now() - ageHours * 3600_000) / 1000;
    utimesSync(dir, t, t);
    return dir;
  };

  it("removes old test scratch dirs and keeps recent ones and other people's", () => {
    const old = make("pitcrew-copy-Ab12Cd", 13);
    const recent = make("pitcrew-copy-Xy34Zw", 1);
    const notOurs = make("pitcrew-backups", 48);
    const other = make("someone-else-Ab12Cd", 48);
    expect(sweepStaleScratch(Date.now(), [parent])).toEqual([old]);
    expect(existsSync(old)).toBe(false);
    for (const kept of [recent, notOurs, other]) expect(existsSync(kept)).toBe(true);
  });

  it.runIf(canUseLoopDevices || loopRequired)("detaches a loop device still attached to a file in a stale dir", () => {
    const dir = make("pitcrew-loop-Qw56Er", 13);
    const file = path.join(dir, "volume");
    truncateSync(file, 1 << 20);
    const device = attachLoop(file);
    const attached = () =>
      readdirSync("/sys/block").some(
        (n) =>
          `/dev/${n}` === device &&
          existsSync(`/sys/block/${n}/loop/backing_file`) &&
          readFileSync(`/sys/block/${n}/loop/backing_file`, "utf8").includes(dir),
      );
    try {
      expect(attached()).toBe(true);
      expect(sweepStaleScratch(Date.now(), [parent])).toEqual([dir]);
      expect(attached()).toBe(false);
    } finally {
      // Only if still ours: once detached, the device may already serve another test run.
      if (attached()) detachLoop(device);
    }
  });
});
