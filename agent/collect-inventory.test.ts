import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigStore } from "@/engine/config-store";
import type { EngineContext } from "@/engine/engine-context";
import { inProcessLauncher } from "@/engine/run-set-copies";
import { enableSet } from "@/engine/set-enable";
import { svEnable } from "@/engine/sv";
import { collectInventory } from "./collect-inventory";
import { createTempSan, type TempSan } from "@/test/support/temp-san";

let san: TempSan;
let engine: EngineContext;
let launcher: ReturnType<typeof inProcessLauncher>;

beforeAll(async () => {
  san = await createTempSan("host-a", 4 << 20);
  const config = new ConfigStore(san.stateDir);
  launcher = inProcessLauncher(san.stateDir, config);
  engine = { stateDir: san.stateDir, config, launcher, hostName: "host-a", warn: () => {} };
});
afterAll(() => san.cleanup());

describe("collectInventory", () => {
  it("reports disk groups, volumes with their users, sets and sv volumes", async () => {
    await enableSet(engine, { type: "ind", master: san.master, shadow: san.shadow, bitmap: san.bitmap, group: null });
    await launcher.settled();
    await svEnable(engine, [san.master]);
    const inv = await collectInventory({
      engine,
      roots: [san.root],
      hooks: ["freeze"],
      archiveRoots: ["/srv/archives"],
    });
    expect(inv.roots).toEqual([san.root]);
    expect(inv.hooks).toEqual(["freeze"]);
    expect(inv.archiveRoots).toEqual(["/srv/archives"]);
    expect(inv.diskGroups).toHaveLength(1);
    const dg = inv.diskGroups[0]!;
    expect(dg).toMatchObject({ name: "dg1", dir: san.dgDir, owner: "host-a", volumesStarted: true, damaged: null });
    const byName = Object.fromEntries(dg.volumes.map((v) => [v.name, v]));
    expect(byName.master).toMatchObject({ path: san.master, kind: "file", sizeBytes: 4 << 20, role: "data" });
    expect(byName.master!.usedBy).toMatch(/enabled in set/);
    expect(byName.shadow!.usedBy).toMatch(/enabled in set/);
    expect(byName.bitmap).toMatchObject({ role: "bitmap" });
    // The temp SAN sits on whatever /var/tmp is: only the shape is certain, and bitmaps get none.
    expect(byName.master!.sharing).toMatchObject({ filesystem: expect.any(String), fsId: expect.any(String) });
    expect(byName.master!.sharing!.mechanism === null).toBe(byName.master!.sharing!.reason !== null);
    expect(byName.bitmap!.sharing).toBeUndefined();
    expect(inv.sets).toHaveLength(1);
    expect(inv.sets[0]).toMatchObject({ shadow: san.shadow, master: san.master, mode: "ind", suspended: null });
    expect(inv.svVolumes).toEqual([san.master]);
  });
});
