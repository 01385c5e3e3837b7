// A set whose two bitmap header copies are both overwritten with garbage (set-disable-damaged.ts):
// update and reset are refused naming the damage, but disable works, warns that the shadow's
// relationship to the master is unknown, and releases the volumes so that the disk group can be
// stopped and deported. Real files in a real disk group; the shadow's data checked with cmp.
import { closeSync, copyFileSync, openSync, writeSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanup, cmpEqual, makeVolume, scratchDir } from "@/test/support/local-iiadm";
import { HEADER_SLOT_BYTES, HEADER_SLOT_OFFSETS } from "./bitmap-header";
import { ConfigStore } from "./config-store";
import { createDiskGroup } from "./disk-group";
import { deportDiskGroup, stopAll } from "./disk-group-ownership";
import { createBitmapVolume, createVolume } from "./disk-group-volumes";
import type { EngineContext } from "./engine-context";
import { inProcessLauncher } from "./run-set-copies";
import { startCopy } from "./set-copy-start";
import { disableSets } from "./set-disable";
import { enableSet } from "./set-enable";
import { resetSets } from "./set-reset";
import { volumeInUseReason } from "./sv";

const MiB = 1024 * 1024;
const HOST = "prod";

function overwriteBothHeaders(bitmap: string): void {
  const fd = openSync(bitmap, "r+");
  try {
    for (const at of HEADER_SLOT_OFFSETS) writeSync(fd, randomBytes(HEADER_SLOT_BYTES), 0, HEADER_SLOT_BYTES, at);
  } finally {
    closeSync(fd);
  }
}

describe("a set whose bitmap headers are both damaged", () => {
  let dir: string, dg: string;
  let ctx: EngineContext & { launcher: ReturnType<typeof inProcessLauncher> };
  const warnings: string[] = [];

  beforeAll(async () => {
    dir = scratchDir("damaged-bitmap");
    const config = new ConfigStore(path.join(dir, "state"));
    ctx = {
      stateDir: config.stateDir,
      config,
      launcher: inProcessLauncher(config.stateDir, config),
      hostName: HOST,
      warn: (w) => warnings.push(w),
    };
    dg = (await createDiskGroup(dir, "backup", HOST)).dir;
  });
  afterAll(() => cleanup(dir));

  it("can still be disabled (with a warning), and its disk group then stopped and deported", async () => {
    const m = makeVolume(path.join(dir, "m"), 4 * MiB, "random");
    const s = (await createVolume(dg, "s", 4 * MiB, { host: HOST })).path;
    const b = (await createBitmapVolume(dg, "s-bmp", 4 * MiB, { host: HOST })).path;
    const d = (await createVolume(dg, "d", 4 * MiB, { host: HOST })).path;
    const db = (await createBitmapVolume(dg, "d-bmp", 4 * MiB, { host: HOST })).path;
    await enableSet(ctx, { type: "ind", master: m, shadow: s, bitmap: b, group: null });
    await ctx.launcher.settled();
    expect(cmpEqual(m, s)).toBe(true);
    const m2 = makeVolume(path.join(dir, "m2"), 4 * MiB, "random");
    await enableSet(ctx, { type: "dep", master: m2, shadow: d, bitmap: db, group: null });
    const whole = path.join(dir, "s-before");
    copyFileSync(s, whole);
    overwriteBothHeaders(b);
    overwriteBothHeaders(db);

    const one = { kind: "sets" as const, sets: [s] };
    await expect(startCopy(ctx, { target: one, direction: "s", full: false })).rejects.toMatchObject({
      code: "DSW_EHDRBMP",
    });
    await expect(resetSets(ctx, one)).rejects.toMatchObject({
      code: "DSW_EHDRBMP",
      operation: "Reset failed",
      message: expect.stringMatching(/no valid header.*disable the set/),
    });
    await expect(stopAll(dg, HOST, (p) => volumeInUseReason(ctx, p))).rejects.toMatchObject({ code: "DG_EINUSE" });

    await disableSets(ctx, { kind: "sets", sets: [s, d] });
    expect((await ctx.config.read()).sets).toEqual([]);
    expect(warnings.join("\n")).toMatch(new RegExp(`${s}.*unusable.*complete point in time of ${m} is unknown`));
    expect(warnings.join("\n")).toMatch(new RegExp(`${d}.*dependent shadow made unmountable`));
    // The independent shadow's data is kept as it was; the dependent one's FBAs 16…127 are zeroed.
    expect(cmpEqual(whole, s)).toBe(true);
    for (const v of [s, b, d, db]) expect(await volumeInUseReason(ctx, v)).toBeNull();
    // The volumes are free again: the set can be enabled anew (a fresh header, a full copy) and disabled.
    await enableSet(ctx, { type: "ind", master: m, shadow: s, bitmap: b, group: null });
    await ctx.launcher.settled();
    expect(cmpEqual(m, s)).toBe(true);
    await disableSets(ctx, one);

    await stopAll(dg, HOST, (p) => volumeInUseReason(ctx, p));
    await deportDiskGroup(dg, HOST, (p) => volumeInUseReason(ctx, p));
  });
});
