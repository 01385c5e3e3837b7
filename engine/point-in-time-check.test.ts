// A shadow that is not a complete point in time (point-in-time-check.ts) is never exported,
// never copied back onto the master, never reported clean, and the next update finds every
// difference: an update stopped in the middle of its scan, as a cancel or a lost lease stops
// it, and a shadow that went offline (a real full tmpfs). Data checked byte for byte.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DSW_SHDEXPORT, DSW_SHDOFFLINE } from "@/lib/dsw-flags";
import { formatStatus } from "@/lib/format-iiadm-output";
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
import { runSetCopy } from "./run-set-copy";
import { startCopy } from "./set-copy-start";
import { waitForCopies } from "./set-control";
import { enableSet } from "./set-enable";
import { exportSets } from "./set-export-join";
import { resetSets } from "./set-reset";
import { statusOf } from "./set-status";
import { claimRun } from "./state-files";

const MiB = 1024 * 1024;
const isRoot = process.getuid?.() === 0;

/** A signal that turns aborted after `checks` looks at it: a cancel arriving part-way through the scan. */
function abortedAfter(checks: number): AbortSignal {
  let seen = 0;
  const signal = {
    get aborted() {
      return ++seen > checks;
    },
    addEventListener() {},
    removeEventListener() {},
  };
  return signal as unknown as AbortSignal;
}

describe("an update stopped during its scan", () => {
  let dir: string;
  let ctx: EngineContext & { launcher: ReturnType<typeof inProcessLauncher> };
  let m: string, s: string;
  const set = () => ({ kind: "sets" as const, sets: [s] });

  beforeAll(async () => {
    dir = scratchDir("pit-scan");
    const config = new ConfigStore(path.join(dir, "state"));
    ctx = { stateDir: config.stateDir, config, launcher: inProcessLauncher(config.stateDir, config), warn: () => {} };
    m = makeVolume(path.join(dir, "m"), 64 * MiB, "random");
    s = makeVolume(path.join(dir, "s"), 64 * MiB);
    await enableSet(ctx, {
      type: "ind",
      master: m,
      shadow: s,
      bitmap: makeVolume(path.join(dir, "b"), 64 * 1024),
      group: null,
    });
    await ctx.launcher.settled();
  });
  afterAll(() => cleanup(dir));

  it("is reported incomplete (never clean), refused by -E and -u m, and the next update finds every difference", async () => {
    expect(cmpEqual(m, s)).toBe(true);
    makeVolume(m, 64 * MiB, "random"); // every chunk changed: the pass writes them in order
    // The update is started as -u s starts it, but run here with a signal that stops it mid-scan.
    const [record] = await startCopy(
      { ...ctx, launcher: { start: async () => {} } },
      { target: set(), direction: "s", full: false },
    );
    await claimRun(ctx.stateDir, record!.id, process.pid);
    expect(await runSetCopy(ctx.stateDir, ctx.config, record!.id, { signal: abortedAfter(3) })).toBe("aborted");
    expect(cmpEqual(m, s, 2 * MiB)).toBe(true); // it had copied the start
    expect(cmpEqual(m, s)).toBe(false);

    const [status] = await statusOf(ctx, set());
    expect(status!.incomplete).toMatch(/stopped during its scan/);
    const text = formatStatus([status!]);
    expect(text).not.toContain("bitmap clean");
    expect(text).toMatch(/^Copy incomplete: .*stopped during its scan/m);
    const [wait] = await waitForCopies(ctx, set());
    expect(wait!.incomplete).toMatch(/copy not active/);
    await expect(exportSets(ctx, set())).rejects.toMatchObject({
      code: "DSW_EINCOMPLETE",
      message: expect.stringContaining(s),
    });
    await expect(startCopy(ctx, { target: set(), direction: "m", full: true })).rejects.toMatchObject({
      code: "DSW_EINCOMPLETE",
      message: expect.stringMatching(/not fully copied.*update to the shadow/),
    });

    await startCopy(ctx, { target: set(), direction: "s", full: false });
    await ctx.launcher.settled();
    expect(cmpEqual(m, s)).toBe(true);
    const [after] = await statusOf(ctx, set());
    expect(after!.incomplete).toBeNull();
    expect(formatStatus([after!])).toContain("bitmap clean");
  });
});

describe.runIf(isRoot || loopRequired)("a shadow on a full file system (root: mounts tmpfs)", () => {
  let dir: string, small: string, inodes: string;
  let ctx: EngineContext & { launcher: ReturnType<typeof inProcessLauncher> };

  beforeAll(() => {
    expect(isRoot, "mounting tmpfs needs root").toBe(true);
    dir = scratchDir("pit-full");
    small = path.join(dir, "small");
    inodes = path.join(dir, "inodes");
    mkdirSync(small);
    mkdirSync(inodes);
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", small]);
    // Room for data but not for one more file or folder: the root and the shadow.
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=16m,nr_inodes=2", "tmpfs", inodes]);
    const config = new ConfigStore(path.join(dir, "state"));
    ctx = { stateDir: config.stateDir, config, launcher: inProcessLauncher(config.stateDir, config), warn: () => {} };
  });
  afterAll(() => {
    spawnSync("umount", [small]);
    spawnSync("umount", [inodes]);
    cleanup(dir);
  });

  it("a shadow that went offline mid-update is refused by -E and -c m naming why, until reset recopies it", async () => {
    const m = makeVolume(path.join(dir, "m"), 4 * MiB, "random");
    const s = makeVolume(path.join(small, "s"), 4 * MiB);
    const set = { kind: "sets" as const, sets: [s] };
    await enableSet(ctx, {
      type: "ind",
      master: m,
      shadow: s,
      bitmap: makeVolume(path.join(dir, "b"), 24 * 1024),
      group: null,
    });
    await ctx.launcher.settled();
    // The shadow's blocks freed and their room taken (see update-write-failure.test.ts).
    takeShadowRoom(s, small, 4 * MiB);
    writeRandomChunks(m, 20);
    await startCopy(ctx, { target: set, direction: "s", full: false });
    await ctx.launcher.settled();

    const [status] = await statusOf(ctx, set);
    expect(status!.flags & DSW_SHDOFFLINE).toBeTruthy();
    expect(status!.incomplete).toMatch(/shadow volume went offline.*(ENOSPC|no space)/i);
    expect(formatStatus([status!])).toMatch(/^Copy incomplete: the shadow volume went offline/m);
    await expect(exportSets(ctx, set)).rejects.toMatchObject({
      code: "DSW_EINCOMPLETE",
      operation: "Export failed",
      message: expect.stringMatching(/not fully copied.*offline/),
    });
    await expect(startCopy(ctx, { target: set, direction: "m", full: true })).rejects.toMatchObject({
      code: "DSW_EINCOMPLETE",
    });
    const [still] = await statusOf(ctx, set);
    expect(still!.flags & DSW_SHDEXPORT).toBe(0);

    execFileSync("mount", ["-o", "remount,size=64m", small]);
    await resetSets(ctx, set);
    await ctx.launcher.settled();
    expect(cmpEqual(m, s)).toBe(true);
    expect((await statusOf(ctx, set))[0]!.incomplete).toBeNull();
    await exportSets(ctx, set);
  });

  it("-E with no room for the travelling digests names the full file system (not ENOENT) and exports nothing", async () => {
    const m = makeVolume(path.join(dir, "m2"), 4 * MiB, "random");
    const s = makeVolume(path.join(inodes, "s"), 4 * MiB);
    const set = { kind: "sets" as const, sets: [s] };
    await enableSet(ctx, {
      type: "ind",
      master: m,
      shadow: s,
      bitmap: makeVolume(path.join(dir, "b2"), 24 * 1024),
      group: null,
    });
    await ctx.launcher.settled();
    expect(cmpEqual(m, s)).toBe(true);

    const refused = exportSets(ctx, set);
    await expect(refused).rejects.toMatchObject({ code: "DSW_EIO", operation: "Export failed" });
    await expect(refused).rejects.toThrow(
      /digests that travel with the shadow.*no space left.*the set was not exported/,
    );
    await expect(refused).rejects.not.toThrow(/ENOENT/);
    expect((await statusOf(ctx, set))[0]!.flags & DSW_SHDEXPORT).toBe(0);

    execFileSync("mount", ["-o", "remount,nr_inodes=64", inodes]);
    await exportSets(ctx, set);
    expect((await statusOf(ctx, set))[0]!.flags & DSW_SHDEXPORT).toBeTruthy();
    expect(existsSync(path.join(inodes, ".pitcrew", "s.digests"))).toBe(true);
  });
});
