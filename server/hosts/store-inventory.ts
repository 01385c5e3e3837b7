import "server-only";
// Stores a host's inventory: the document on the Host row (what the agent sent, as sent) and its
// projection into DiskGroup, Volume and VolumeSet rows for queries across hosts. Both change in
// the caller's transaction, so readers never see one without the other.
//
// SQLite (better-sqlite3) runs every query of the process on one connection: while this
// transaction is open, every other request waits. So it writes as little as it can: the rows that
// differ from the report (server/hosts/project-inventory.ts), only three Host columns when the
// report is identical to the stored one, nothing when it is older (lib/inventory-freshness.ts).
import type { Prisma } from "@/generated/sqlite/client";
import { isInventoryOutdated } from "@/lib/inventory-freshness";
import type { InventoryReport } from "@/server/hosts/prepare-inventory-report";
import { projectInventory } from "@/server/hosts/project-inventory";
import { adoptReportedHolders } from "@/server/storage/adopt-reported-holders";

export interface StoreInventoryInput {
  hostId: string;
  /** prepareInventoryReport(inventory), made before the transaction opened. */
  report: InventoryReport;
  /** The server's time of receipt; becomes Host.inventoryAt (a finish passes its finishedAt). */
  now: Date;
  /** The first heartbeat of a new agent process (lib/agent-protocol heartbeatRequestSchema). */
  agentRestarted?: boolean;
}

/**
 * For the transactions that call storeInventory. The first report of the largest host the limits
 * allow writes 12,000 rows: about a second on an idle machine, but past Prisma's 5 s default on a
 * loaded one, and a heartbeat that fails this way is sent again and does the same work again.
 */
export const storeInventoryTransactionOptions = { timeout: 30_000 };

/** stored: the document changed; unchanged: same content, collected later; outdated: ignored. */
export type StoreInventoryOutcome = "stored" | "unchanged" | "outdated";

export async function storeInventory(
  tx: Prisma.TransactionClient,
  input: StoreInventoryInput,
): Promise<StoreInventoryOutcome> {
  const {
    hostId,
    report: { inventory, document, digest, groupDigests },
    now,
    agentRestarted = false,
  } = input;
  const stored = await tx.host.findUniqueOrThrow({
    where: { id: hostId },
    select: { name: true, inventoryCollectedAt: true, inventoryDigest: true },
  });
  if (
    isInventoryOutdated({
      storedCollectedAt: stored.inventoryCollectedAt?.getTime() ?? null,
      incomingCollectedAt: inventory.collectedAt,
      agentRestarted,
    })
  )
    return "outdated";

  const received = { inventoryAt: now, inventoryCollectedAt: new Date(inventory.collectedAt), inventoryWantedAt: null };
  if (digest === stored.inventoryDigest) {
    await tx.host.update({ where: { id: hostId }, data: received });
    // The rows are the same report, made again now: "newest report" orderings must see that.
    await tx.diskGroup.updateMany({ where: { hostId }, data: { reportedAt: now } });
    await tx.volumeSet.updateMany({ where: { hostId }, data: { reportedAt: now } });
    return "unchanged";
  }
  await tx.host.update({
    where: { id: hostId },
    data: { ...received, inventoryDigest: digest, inventoryGzip: document, inventoryJson: null },
  });
  await projectInventory(tx, hostId, inventory, groupDigests, now);
  await adoptReportedHolders(tx, stored.name, inventory.diskGroups, now);
  return "stored";
}
