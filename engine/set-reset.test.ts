// Offline volumes and reset (docs/instant-image.md §2.3, §6.5), driven through the engine API with
// copies running in this process, as the agent runs them.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DSW_COPYING, DSW_MSTOFFLINE, DSW_SHDOFFLINE } from "@/lib/dsw-flags";
import { cleanup, cmpEqual, makeVolume, scratchDir, writeRandomChunks } from "@/test/support/local-iiadm";
import { BitmapVolume } from "./bitmap-volume";
import { ConfigStore } from "./config-store";
import type { EngineContext } from "./engine-context";
import { inProcessLauncher } from "./run-set-copies";
import { startCopy } from "./set-copy-start";
import { enableSet } from "./set-enable";
import { resetSets } from "./set-reset";
import { statusOf } from "./set-status";
import { volumeInfo } from "./volume";

const MiB = 1024 * 1024;

describe("offline volumes and reset", () => {
  let dir: string;
  let ctx: EngineContext & { launcher: ReturnType<typeof inProcessLauncher> };
  let m: string, s: string, b: string;
  const warnings: string[] = [];

  beforeAll(async () => {
    dir = scratchDir("reset");
    const config = new ConfigStore(path.join(dir, "state"));
    ctx = {
      stateDir: config.stateDir,
      config,
      launcher: inProcessLauncher(config.stateDir, config),
      warn: (w) => warnings.push(w),
    };
    m = makeVolume(path.join(dir, "m"), 8 * MiB, "random");
    s = makeVolume(path.join(dir, "s"), 8 * MiB);
    b = makeVolume(path.join(dir, "b"), 24 * 1024);
    await enableSet(ctx, { type: "ind", master: m, shadow: s, bitmap: b, group: null });
    await ctx.launcher.settled();
  });
  afterAll(() => cleanup(dir));

  async function markOffline(flag: number) {
    const vol = await BitmapVolume.open(await volumeInfo(b), { write: true });
    await vol.writeHeader({ state: vol.header.state | flag });
    await vol.close();
  }

  it("a set with an offline shadow refuses updates until reset, which recopies everything", async () => {
    expect(cmpEqual(m, s)).toBe(true);
    writeRandomChunks(s, 10); // what a failing shadow may hold
    await markOffline(DSW_SHDOFFLINE);
    const [offline] = await statusOf(ctx, { kind: "sets", sets: [s] });
    expect(offline!.flags & DSW_SHDOFFLINE).toBeTruthy();
    await expect(
      startCopy(ctx, { target: { kind: "sets", sets: [s] }, direction: "s", full: false }),
    ).rejects.toMatchObject({ code: "DSW_EOFFLINE" });
    await resetSets(ctx, { kind: "sets", sets: [s] });
    await ctx.launcher.settled();
    const [after] = await statusOf(ctx, { kind: "sets", sets: [s] });
    expect(after!.flags & (DSW_SHDOFFLINE | DSW_COPYING)).toBe(0);
    expect(cmpEqual(m, s)).toBe(true);
  });

  it("an offline master is restored from the shadow by reset", async () => {
    writeRandomChunks(m, 10);
    await markOffline(DSW_MSTOFFLINE);
    await resetSets(ctx, { kind: "all" });
    await ctx.launcher.settled();
    expect(cmpEqual(m, s)).toBe(true);
    const [after] = await statusOf(ctx, { kind: "all" });
    expect(after!.flags & DSW_MSTOFFLINE).toBe(0);
  });

  it("reset of a set with nothing offline changes nothing", async () => {
    const before = (await statusOf(ctx, { kind: "all" }))[0]!;
    await resetSets(ctx, { kind: "all" });
    const after = (await statusOf(ctx, { kind: "all" }))[0]!;
    expect(after.mtime).toBe(before.mtime);
    expect(after.flags).toBe(before.flags);
  });
});
