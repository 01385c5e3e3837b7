// Deport, import, startall, stopall between two hosts (docs/instant-image.md §8): here two host names
// with two state dirs on one shared root, driven through the engine API as the agent will.
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanup, makeVolume, scratchDir } from "@/test/support/local-iiadm";
import { ConfigStore } from "./config-store";
import { createDiskGroup } from "./disk-group";
import { METADATA_FILE, readMetadata } from "./disk-group-metadata";
import { deportDiskGroup, importDiskGroup, startAll, stopAll } from "./disk-group-ownership";
import { createBitmapVolume, createVolume } from "./disk-group-volumes";
import type { EngineContext } from "./engine-context";
import { inProcessLauncher } from "./run-set-copies";
import { disableSets } from "./set-disable";
import { enableSet } from "./set-enable";
import { exportSets, importShadow } from "./set-export-join";
import { svDisable, svEnable, volumeInUseReason } from "./sv";

const MiB = 1024 * 1024;

function hostContext(dir: string, hostName: string) {
  const config = new ConfigStore(path.join(dir, `state-${hostName}`));
  const launcher = inProcessLauncher(config.stateDir, config);
  const ctx: EngineContext & { launcher: typeof launcher } = {
    stateDir: config.stateDir,
    config,
    launcher,
    hostName,
    warn: () => {},
  };
  return { ctx, inUse: (p: string) => volumeInUseReason(ctx, p) };
}

describe("disk group ownership between two hosts", () => {
  let dir: string;
  let root: string;
  let dg: string;
  let prod: ReturnType<typeof hostContext>;
  let backup: ReturnType<typeof hostContext>;
  let m: string, b: string, s: string, sb: string, spare: string;

  beforeAll(async () => {
    dir = scratchDir("dgown");
    root = path.join(dir, "san");
    mkdirSync(root);
    prod = hostContext(dir, "prod");
    backup = hostContext(dir, "backup");
    // Master and primary bitmap stay local to prod (§7.3); the shadow's group travels.
    m = makeVolume(path.join(dir, "master"), 8 * MiB, "random");
    b = makeVolume(path.join(dir, "master.bmp"), 24 * 1024);
    dg = (await createDiskGroup(root, "snap", "prod")).dir;
    s = (await createVolume(dg, "shadow", 8 * MiB)).path;
    sb = (await createBitmapVolume(dg, "shadow.bmp", 8 * MiB)).path;
    spare = (await createVolume(dg, "spare", MiB)).path;
  });
  afterAll(() => cleanup(dir));

  it("deport is refused while volumes are in use, naming every one, and works once they are released", async () => {
    // A set whose shadow and bitmap both live in the group, and another volume under sv.
    await enableSet(prod.ctx, { type: "ind", master: m, shadow: s, bitmap: sb, group: null });
    await prod.ctx.launcher.settled();
    await svEnable(prod.ctx, [spare]);
    const before = readFileSync(path.join(dg, METADATA_FILE), "utf8");
    const refused = deportDiskGroup(dg, "prod", prod.inUse);
    await expect(refused).rejects.toMatchObject({ code: "DG_EINUSE" });
    const message = await refused.then(
      () => "",
      (e: Error) => e.message,
    );
    expect(message).toContain("disk group snap cannot be deported: 3 volume(s) in use");
    expect(message).toContain(`${s} (enabled in set ${s} as shadow)`);
    expect(message).toContain(`${sb} (enabled in set ${s} as bitmap)`);
    expect(message).toContain(`${spare} (under sv)`);
    await expect(stopAll(dg, "prod", prod.inUse)).rejects.toMatchObject({
      code: "DG_EINUSE",
      message: expect.stringContaining("cannot be stopped: 3 volume(s)"),
    });
    expect(readFileSync(path.join(dg, METADATA_FILE), "utf8")).toBe(before);

    // Export frees the shadow (II drops it, §7.2), not the set's own bitmap.
    await exportSets(prod.ctx, { kind: "sets", sets: [s] });
    const afterExport = await deportDiskGroup(dg, "prod", prod.inUse).then(
      () => "",
      (e: Error) => e.message,
    );
    expect(afterExport).toContain("2 volume(s) in use");
    expect(afterExport).not.toContain(`${s} (`);

    await disableSets(prod.ctx, { kind: "sets", sets: [s] });
    await svDisable(prod.ctx, [spare]);
    await stopAll(dg, "prod", prod.inUse);
    const md = await deportDiskGroup(dg, "prod", prod.inUse);
    expect(md).toMatchObject({ owner: null, volumesStarted: false });
    expect(md.lastDeportedAt).not.toBeNull();
  });

  it("a volume of a deported group cannot be enabled, imported or put under sv; the message names the group", async () => {
    await expect(
      enableSet(prod.ctx, { type: "ind", master: m, shadow: s, bitmap: b, group: null }),
    ).rejects.toMatchObject({
      code: "DG_EDEPORTED",
      operation: "Enable failed",
      message: `shadow volume ${s} is in disk group snap, which is deported: import it on this host and start its volumes first`,
    });
    await expect(importShadow(backup.ctx, s, sb)).rejects.toMatchObject({
      code: "DG_EDEPORTED",
      operation: "Import failed",
    });
    await expect(svEnable(backup.ctx, [spare])).rejects.toMatchObject({ code: "DG_EDEPORTED" });
    expect(await backup.ctx.config.read()).toMatchObject({ sets: [], volumeUsers: {} });
  });

  it("the other host imports it; its volumes need startall; the first host is then locked out unless it clears the lock", async () => {
    const gen = (await readMetadata(dg)).importGeneration;
    const imported = await importDiskGroup(dg, "backup");
    expect(imported.warning).toBeNull();
    expect(imported.metadata).toMatchObject({ owner: "backup", importGeneration: gen + 1, volumesStarted: false });

    await expect(importShadow(backup.ctx, s, sb)).rejects.toMatchObject({
      code: "DG_ESTOPPED",
      message: expect.stringContaining("disk group snap, whose volumes are stopped"),
    });
    await expect(startAll(dg, "prod")).rejects.toMatchObject({
      code: "DG_ENOTOWNER",
      message: expect.stringContaining("imported by host backup, not by prod"),
    });
    await startAll(dg, "backup");
    // prod (knowing its own name) may not use volumes that backup imported.
    await expect(
      enableSet(prod.ctx, { type: "ind", master: m, shadow: s, bitmap: b, group: null }),
    ).rejects.toMatchObject({
      code: "DG_ENOTOWNER",
      message: expect.stringContaining("which is imported by host backup, not by this host (prod)"),
    });

    await expect(importDiskGroup(dg, "prod")).rejects.toMatchObject({
      code: "DG_ELOCKED",
      message: "disk group snap is imported by host backup: import failed: Disk is in use by another host",
    });
    await expect(deportDiskGroup(dg, "prod", prod.inUse)).rejects.toMatchObject({ code: "DG_ENOTOWNER" });
    const taken = await importDiskGroup(dg, "prod", { clearLock: true });
    expect(taken.metadata).toMatchObject({ owner: "prod", importGeneration: gen + 2 });
    expect(taken.warning).toMatch(/cleared the import lock of host backup .* both hosts now write to the same volumes/);
    const again = await importDiskGroup(dg, "prod");
    expect(again.warning).toMatch(/already imported by this host/);
    expect(again.metadata.importGeneration).toBe(gen + 2);
  });

  it("two hosts racing to import a deported group: exactly one wins, every round", async () => {
    for (let round = 0; round < 20; round++) {
      const owner = (await readMetadata(dg)).owner!;
      await deportDiskGroup(dg, owner, async () => null);
      const gen = (await readMetadata(dg)).importGeneration;
      const results = await Promise.allSettled([importDiskGroup(dg, "prod"), importDiskGroup(dg, "backup")]);
      const winners = results.filter((r) => r.status === "fulfilled");
      expect(winners).toHaveLength(1);
      const md = await readMetadata(dg);
      const winner = (winners[0] as PromiseFulfilledResult<{ metadata: { owner: string } }>).value.metadata.owner;
      expect(md.owner).toBe(winner);
      expect(md.importGeneration).toBe(gen + 1);
      const loser = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(loser.reason).toMatchObject({
        code: "DG_ELOCKED",
        message: `disk group snap is imported by host ${winner}: import failed: Disk is in use by another host`,
      });
    }
  });
});
