import "@/test/support/test-database"; // first: gives this file its own database
import { beforeEach, describe, expect, it } from "vitest";
import type { Inventory } from "@/lib/agent-protocol";
import { recordHeartbeat } from "@/server/agents/record-heartbeat";
import { prisma } from "@/server/db";
import { createTestHost, resetJobTables } from "@/test/support/test-fixtures";
import { largestInventory } from "@/test/support/largest-inventory";

const heartbeat = (hostId: string, inventory: Inventory, now = new Date()) =>
  recordHeartbeat({ hostId, agentVersion: "t", protocolVersion: 1, inventory, runningJobs: [], now });

async function timed(work: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await work();
  return performance.now() - t;
}

describe("storing the largest inventory the limits allow", () => {
  let prod: { id: string };

  beforeEach(async () => {
    await resetJobTables();
    prod = await createTestHost("prod");
  });

  it("changes only the rows that differ, so the next report of a large host costs little", async () => {
    const first = await timed(() => heartbeat(prod.id, largestInventory({ owner: "prod", collectedAt: 1 })));
    expect([await prisma.diskGroup.count(), await prisma.volume.count(), await prisma.volumeSet.count()]).toEqual([
      1_000, 10_000, 1_000,
    ]);
    const before = new Map(
      (await prisma.volume.findMany({ select: { id: true, name: true } })).map((v) => [v.name, v.id]),
    );

    // One volume's reason and one set's status changed on the host.
    const next = await timed(() =>
      heartbeat(prod.id, largestInventory({ owner: "prod", collectedAt: 2, revision: 1 })),
    );
    const after = await prisma.volume.findMany({ select: { id: true, name: true, usedBy: true } });
    const rewritten = after.filter((v) => before.get(v.name) !== v.id);
    expect(rewritten.map((v) => v.name)).toEqual(["oradg0000_vol000"]);
    expect(rewritten[0]?.usedBy).toMatch(/revision 1/);
    expect(await prisma.volumeSet.count()).toBe(1_000);

    const same = await timed(() =>
      heartbeat(prod.id, largestInventory({ owner: "prod", collectedAt: 3, revision: 1 })),
    );
    console.info(
      `largest inventory: first store ${first.toFixed(0)} ms; one change ${next.toFixed(0)} ms; identical ${same.toFixed(0)} ms`,
    );
    // Relative, not absolute: the machine is shared. On main a changed report rewrote all 12,000 rows.
    expect(next).toBeLessThan(first);
    expect(same).toBeLessThan(next);
  }, 120_000);
});
