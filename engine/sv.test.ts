// The sv layer's bookkeeping (docs/instant-image.md §7.2): enable/disable/list, per-volume user
// counting together with II, and why a volume is busy.
import { mkdirSync, readFileSync, symlinkSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanup, makeVolume, scratchDir } from "@/test/support/local-iiadm";
import { ConfigStore } from "./config-store";
import type { EngineContext } from "./engine-context";
import { inProcessLauncher } from "./run-set-copies";
import { disableSets } from "./set-disable";
import { enableSet } from "./set-enable";
import { exportSets } from "./set-export-join";
import { svDisable, svEnable, svList, volumeInUseReason, volumeUsers } from "./sv";

const MiB = 1024 * 1024;

describe("sv", () => {
  let dir: string;
  let ctx: EngineContext & { launcher: ReturnType<typeof inProcessLauncher> };
  const warnings: string[] = [];
  let a: string, c: string;

  beforeAll(() => {
    dir = scratchDir("sv");
    const config = new ConfigStore(path.join(dir, "state"));
    ctx = {
      stateDir: config.stateDir,
      config,
      launcher: inProcessLauncher(config.stateDir, config),
      warn: (w) => warnings.push(w),
    };
    a = makeVolume(path.join(dir, "a"), MiB);
    c = makeVolume(path.join(dir, "c"), MiB);
  });
  afterAll(() => cleanup(dir));

  it("enables, lists and disables volumes; repeating either is a warning, not an error", async () => {
    expect(await svEnable(ctx, [c, a, a])).toEqual([c, a]);
    expect(await svList(ctx)).toEqual([a, c]);
    expect(await svEnable(ctx, [a])).toEqual([]);
    expect(warnings.pop()).toBe(`${a}: already enabled under sv`);
    expect(await svDisable(ctx, [a])).toEqual([a]);
    expect(await svDisable(ctx, [a])).toEqual([]);
    expect(warnings.pop()).toBe(`${a}: not enabled under sv (was not found in the config storage)`);
    expect(await svList(ctx)).toEqual([c]);
    expect(readFileSync(path.join(ctx.stateDir, "ds.log"), "utf8")).toMatch(
      new RegExp(`sv: enabled ${c}\\n.*sv: enabled ${a}\\n.*sv: disabled ${a}\\n`),
    );
    await svDisable(ctx, [c]);
  });

  it("refuses a missing volume or a directory, and then enables none of the volumes named", async () => {
    const sub = path.join(dir, "subdir");
    mkdirSync(sub);
    await expect(svEnable(ctx, [a, path.join(dir, "missing")])).rejects.toMatchObject({
      code: "SV_ENODEV",
      message: `volume ${path.join(dir, "missing")}: does not exist: unable to enable`,
    });
    await expect(svEnable(ctx, [sub])).rejects.toMatchObject({
      code: "SV_ENODEV",
      message: expect.stringContaining("neither a block device nor a regular file"),
    });
    await expect(svEnable(ctx, [""])).rejects.toMatchObject({ code: "SV_ENODEV" });
    expect(await svList(ctx)).toEqual([]);
  });

  it("counts users per volume: a shadow under sv stays under sv after II exports it, and stays busy until svadm -d", async () => {
    const m = makeVolume(path.join(dir, "m"), 4 * MiB, "random");
    const s = makeVolume(path.join(dir, "s"), 4 * MiB);
    const b = makeVolume(path.join(dir, "b"), 24 * 1024);
    await enableSet(ctx, { type: "ind", master: m, shadow: s, bitmap: b, group: null });
    await ctx.launcher.settled();
    await svEnable(ctx, [s]);
    expect(await volumeUsers(ctx, s)).toEqual(["ii", "sv"]);
    expect(await volumeInUseReason(ctx, s)).toBe(`enabled in set ${s} as shadow, under sv`);
    expect(await volumeInUseReason(ctx, m)).toBe(`enabled in set ${s} as master`);
    expect(await volumeInUseReason(ctx, b)).toBe(`enabled in set ${s} as bitmap`);

    await exportSets(ctx, { kind: "sets", sets: [s] });
    expect(await volumeUsers(ctx, s)).toEqual(["sv"]);
    expect(await svList(ctx)).toEqual([s]);
    expect(await volumeInUseReason(ctx, s)).toBe("under sv");

    await svDisable(ctx, [s]);
    expect(await volumeUsers(ctx, s)).toEqual([]);
    expect(await volumeInUseReason(ctx, s)).toBeNull();
    expect(await volumeInUseReason(ctx, m)).not.toBeNull(); // master and bitmap stay with the set

    await disableSets(ctx, { kind: "sets", sets: [s] });
    for (const v of [m, s, b]) expect(await volumeInUseReason(ctx, v)).toBeNull();
  });

  it("recognises a volume under another name of the same file", async () => {
    const link = path.join(dir, "a-link");
    symlinkSync(a, link);
    await svEnable(ctx, [a]);
    expect(await volumeUsers(ctx, link)).toEqual(["sv"]);
    expect(await volumeInUseReason(ctx, link)).toBe("under sv");
    await svDisable(ctx, [a]);
  });
});
