import "server-only";
// Stores a host's inventory: the document on the Host row (what the agent sent, as sent) and its
// projection into DiskGroup, Volume and VolumeSet rows for queries across hosts. Both change in
// the caller's transaction, so readers never see one without the other.
import type { Prisma } from "@/generated/sqlite/client";
import type { Inventory } from "@/lib/agent-protocol";

export async function storeInventory(tx: Prisma.TransactionClient, hostId: string, inventory: Inventory, now: Date): Promise<void> {
  await tx.host.update({
    where: { id: hostId },
    data: { inventoryJson: JSON.stringify(inventory), inventoryAt: now, inventoryWantedAt: null },
  });
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
}
