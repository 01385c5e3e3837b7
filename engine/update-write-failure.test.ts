// A write that fails during an update (here ENOSPC on a full tmpfs, as from a thin-provisioned
// shadow out of space) ends the copy with the shadow offline (docs/instant-image.md §2.3): the update
// writes in the background (staged-writes.ts), and a failure there must still stop it, name the
// shadow, and record no digest for a chunk that was never written. Reset then recopies all.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DSW_COPYING, DSW_SHDOFFLINE } from "@/lib/dsw-flags";
import {
  cleanup,
  cmpEqual,
  loopRequired,
  makeVolume,
  scratchDir,
  takeShadowRoom,
  writeRandomChunks,
} from "@/test/support/local-iiadm";
import { ConfigStore } from "./config-store";
import type { EngineContext } from "./engine-context";
import { inProcessLauncher } from "./run-set-copies";
import { startCopy } from "./set-copy-start";
import { waitForCopies } from "./set-control";
import { enableSet } from "./set-enable";
import { resetSets } from "./set-reset";
import { statusOf } from "./set-status";

const MiB = 1024 * 1024;
const isRoot = process.getuid?.() === 0;

describe.runIf(isRoot || loopRequired)("a shadow write failing during an update (root: mounts a tmpfs)", () => {
  let dir: string, small: string;
  let ctx: EngineContext & { launcher: ReturnType<typeof inProcessLauncher> };
  let m: string, s: string, b: string;

  beforeAll(async () => {
    expect(isRoot, "mounting the small tmpfs needs root").toBe(true);
    dir = scratchDir("write-failure");
    small = path.join(dir, "small");
    mkdirSync(small);
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", small]);
    const config = new ConfigStore(path.join(dir, "state"));
    ctx = { stateDir: config.stateDir, config, launcher: inProcessLauncher(config.stateDir, config), warn: () => {} };
    m = makeVolume(path.join(dir, "m"), 4 * MiB, "random");
    s = makeVolume(path.join(small, "s"), 4 * MiB);
    b = makeVolume(path.join(dir, "b"), 24 * 1024);
    await enableSet(ctx, { type: "ind", master: m, shadow: s, bitmap: b, group: null });
    await ctx.launcher.settled();
  });
  afterAll(() => {
    spawnSync("umount", [small]);
    cleanup(dir);
  });

  it("puts the shadow offline, -w names it, and reset recopies everything once there is room", async () => {
    expect(cmpEqual(m, s)).toBe(true);
    // The shadow's blocks freed and their room taken: every write to it now needs space there is
    // not. Its mtime is put back, so the update trusts the shadow as it would an untouched one and
    // writes only the changed chunks, a few at a time: the staged writes.
    takeShadowRoom(s, small, 4 * MiB);
    writeRandomChunks(m, 20);

    await startCopy(ctx, { target: { kind: "sets", sets: [s] }, direction: "s", full: false });
    const [wait] = await waitForCopies(ctx, { kind: "sets", sets: [s] });
    await ctx.launcher.settled();
    expect(wait!.incomplete).toMatch(/offline/);
    expect(wait!.incomplete).toMatch(/ENOSPC|no space/i);
    const [status] = await statusOf(ctx, { kind: "sets", sets: [s] });
    expect(status!.flags & DSW_SHDOFFLINE).toBeTruthy();

    execFileSync("mount", ["-o", "remount,size=64m", small]);
    await resetSets(ctx, { kind: "sets", sets: [s] });
    await ctx.launcher.settled();
    const [after] = await statusOf(ctx, { kind: "sets", sets: [s] });
    expect(after!.flags & (DSW_SHDOFFLINE | DSW_COPYING)).toBe(0);
    expect(cmpEqual(m, s)).toBe(true);

    // And an update after the reset finds nothing it believes copied but is not.
    writeRandomChunks(m, 5);
    await startCopy(ctx, { target: { kind: "sets", sets: [s] }, direction: "s", full: false });
    await ctx.launcher.settled();
    expect(cmpEqual(m, s)).toBe(true);
  });
});
