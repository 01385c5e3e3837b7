import "@/test/support/test-database"; // first: gives this file its own database
// The stored inventory document as the storage procedures read it back: what a heartbeat stored,
// a document a console stored before documents were compressed, and one that cannot be read.
import { beforeEach, describe, expect, it } from "vitest";
import type { Inventory } from "@/lib/agent-protocol";
import { recordHeartbeat } from "@/server/agents/record-heartbeat";
import { prisma } from "@/server/db";
import { loadHost, requireInventory } from "@/server/storage/load-host";
import { createTestHost, resetJobTables } from "@/test/support/test-fixtures";
import { largestInventory } from "@/test/support/largest-inventory";

const report = (collectedAt: number, revision = 0): Inventory =>
  largestInventory({ owner: "prod", collectedAt, revision, reasonLength: 200 });
const heartbeat = (hostId: string, inventory: Inventory) =>
  recordHeartbeat({ hostId, agentVersion: "t", protocolVersion: 1, inventory, runningJobs: [] });

describe("loadHost reads the stored inventory document", () => {
  let hostId: string;
  beforeEach(async () => {
    await resetJobTables();
    hostId = (await createTestHost("prod")).id;
  });

  it("gives back the report a heartbeat stored, compressed to a fraction of its text", async () => {
    const sent = report(1_000);
    await heartbeat(hostId, sent);
    expect((await loadHost("prod")).inventory).toEqual(sent);
    const { inventoryGzip, inventoryJson } = await prisma.host.findUniqueOrThrow({ where: { id: hostId } });
    expect(inventoryJson).toBeNull();
    expect(inventoryGzip!.byteLength).toBeLessThan(JSON.stringify(sent).length / 10);
  }, 60_000);

  it("reads a document stored as text by an earlier console, and stores the next report compressed", async () => {
    const before = report(1_000);
    await prisma.host.update({
      where: { id: hostId },
      data: { inventoryJson: JSON.stringify(before), inventoryCollectedAt: new Date(1_000), inventoryAt: new Date() },
    });
    expect((await loadHost("prod")).inventory).toEqual(before);

    const next = report(2_000, 1);
    await heartbeat(hostId, next);
    expect((await loadHost("prod")).inventory).toEqual(next);
    const stored = await prisma.host.findUniqueOrThrow({ where: { id: hostId } });
    expect([stored.inventoryJson, stored.inventoryGzip === null]).toEqual([null, false]);
  }, 60_000);

  it("treats a document that cannot be unpacked as no inventory, and says so naming the host", async () => {
    await prisma.host.update({
      where: { id: hostId },
      data: { inventoryGzip: new Uint8Array([0x1f, 0x8b, 1, 2, 3]), inventoryAt: new Date() },
    });
    const host = await loadHost("prod");
    expect(host.inventory).toBeNull();
    expect(() => requireInventory(host)).toThrow(/host prod: its agent has not reported an inventory yet/);
  });
});
