import "server-only";
// An inventory made ready to store: its JSON text and the digest of its content. Done before the
// storing transaction opens, because serialising and hashing a large report takes CPU time during
// which SQLite's only connection would otherwise be held (server/hosts/store-inventory.ts).
import { createHash } from "node:crypto";
import type { Inventory } from "@/lib/agent-protocol";

export interface InventoryReport {
  inventory: Inventory;
  json: string;
  /** SHA-256 of the report without collectedAt: two reports of an unchanged host match. */
  digest: string;
}

export function prepareInventoryReport(inventory: Inventory): InventoryReport {
  const json = JSON.stringify(inventory);
  const digest = createHash("sha256")
    .update(JSON.stringify({ ...inventory, collectedAt: 0 }))
    .digest("hex");
  return { inventory, json, digest };
}
