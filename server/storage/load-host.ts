import "server-only";
// A host by name with its last inventory, for the storage procedures: they name hosts the way
// operators do (iiadm -H prod), and read volumes, sets and disk groups from the inventory mirror.
import { type Inventory, inventorySchema } from "@/lib/agent-protocol";
import { prisma } from "@/server/db";
import { AppError } from "@/server/errors";
import { unpackInventoryDocument } from "@/server/hosts/inventory-document";

export interface LoadedHost {
  id: string;
  name: string;
  lastHeartbeat: Date | null;
  revokedAt: Date | null;
  /** Null until the agent's first heartbeat with an inventory (or if the stored one is unreadable). */
  inventory: Inventory | null;
  inventoryAt: Date | null;
}

export async function loadHost(name: string): Promise<LoadedHost> {
  const host = await prisma.host.findUnique({
    where: { name },
    select: {
      id: true,
      name: true,
      lastHeartbeat: true,
      revokedAt: true,
      inventoryGzip: true,
      inventoryJson: true,
      inventoryAt: true,
      inventoryCollectedAt: true,
    },
  });
  if (!host) {
    const names = (await prisma.host.findMany({ select: { name: true }, orderBy: { name: "asc" } })).map((h) => h.name);
    throw new AppError("NOT_FOUND", `host: ${name} not found (hosts: ${names.join(", ") || "none enrolled"})`);
  }
  const { inventoryGzip, inventoryJson, inventoryCollectedAt, ...rest } = host;
  const text = await unpackInventoryDocument({ inventoryGzip, inventoryJson }).catch(() => null);
  const inventory = parseInventory(text);
  // An identical report only moves the column (server/hosts/store-inventory.ts): it is the truth.
  if (inventory && inventoryCollectedAt) inventory.collectedAt = inventoryCollectedAt.getTime();
  return { ...rest, inventory };
}

function parseInventory(text: string | null): Inventory | null {
  if (text === null) return null;
  try {
    const parsed = inventorySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The inventory, or a refusal naming the host when its agent has not reported one yet. */
export function requireInventory(host: LoadedHost): Inventory {
  if (!host.inventory) throw new AppError("CONFLICT", `host ${host.name}: its agent has not reported an inventory yet`);
  return host.inventory;
}
