import "server-only";
// Stores a host's inventory: the document on the Host row (what the agent sent, as sent) and its
// projection into DiskGroup, Volume and VolumeSet rows for queries across hosts. Both change in
// the caller's transaction, so readers never see one without the other.
//
// SQLite (better-sqlite3) runs every query of the process on one connection: while this
// transaction is open, every other request waits. So it writes as little as it can: nothing but
// three Host columns when the report is identical to the stored one, nothing at all when it is
// older (lib/inventory-freshness.ts).
import { createHash } from "node:crypto";
import type { Prisma } from "@/generated/sqlite/client";
import type { Inventory } from "@/lib/agent-protocol";
import { isInventoryOutdated } from "@/lib/inventory-freshness";

export interface StoreInventoryInput {
  hostId: string;
  inventory: Inventory;
  /** The server's time of receipt; becomes Host.inventoryAt (a finish passes its finishedAt). */
  now: Date;
  /** The first heartbeat of a new agent process (lib/agent-protocol heartbeatRequestSchema). */
  agentRestarted?: boolean;
}

/** stored: the document changed; unchanged: same content, collected later; outdated: ignored. */
export type StoreInventoryOutcome = "stored" | "unchanged" | "outdated";

export async function storeInventory(tx: Prisma.TransactionClient, input: StoreInventoryInput): Promise<StoreInventoryOutcome> {
  const { hostId, inventory, now, agentRestarted = false } = input;
  const stored = await tx.host.findUniqueOrThrow({ where: { id: hostId }, select: { inventoryCollectedAt: true, inventoryDigest: true } });
  if (isInventoryOutdated({
    storedCollectedAt: stored.inventoryCollectedAt?.getTime() ?? null, incomingCollectedAt: inventory.collectedAt, agentRestarted,
  })) return "outdated";

  const json = JSON.stringify(inventory);
  const digest = inventoryDigest(inventory);
  const received = { inventoryAt: now, inventoryCollectedAt: new Date(inventory.collectedAt), inventoryWantedAt: null };
  if (digest === stored.inventoryDigest) {
    await tx.host.update({ where: { id: hostId }, data: received });
    // The rows are the same report, made again now: "newest report" orderings must see that.
    await tx.diskGroup.updateMany({ where: { hostId }, data: { reportedAt: now } });
    await tx.volumeSet.updateMany({ where: { hostId }, data: { reportedAt: now } });
    return "unchanged";
  }
  await tx.host.update({ where: { id: hostId }, data: { ...received, inventoryJson: json, inventoryDigest: digest } });
  // Replace, not merge: what the agent no longer reports (a removed volume, a disabled set) is gone.
  await tx.diskGroup.deleteMany({ where: { hostId } });
  await tx.volumeSet.deleteMany({ where: { hostId } });
  for (const g of inventory.diskGroups) {
    await tx.diskGroup.create({
      data: {
        hostId, name: g.name, dir: g.dir, owner: g.owner, importGeneration: g.importGeneration,
        volumesStarted: g.volumesStarted, damaged: g.damaged, reportedAt: now,
        volumes: {
          create: g.volumes.map((v) => ({
            name: v.name, path: v.path, kind: v.kind, sizeBytes: BigInt(v.sizeBytes), role: v.role, usedBy: v.usedBy,
          })),
        },
      },
    });
  }
  if (inventory.sets.length) {
    await tx.volumeSet.createMany({
      data: inventory.sets.map((s) => ({
        hostId, shadow: s.shadow, master: s.master, bitmap: s.bitmap, mode: s.mode, groupName: s.group,
        flags: s.flags, statusJson: JSON.stringify(s), reportedAt: now,
      })),
    });
  }
  return "stored";
}

/** The content of a report, whatever its collectedAt: two reports of an unchanged host match. */
function inventoryDigest(inventory: Inventory): string {
  return createHash("sha256").update(JSON.stringify({ ...inventory, collectedAt: 0 })).digest("hex");
}
