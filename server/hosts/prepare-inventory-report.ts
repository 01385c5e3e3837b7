import "server-only";
// An inventory made ready to store: its document (server/hosts/inventory-document.ts), the digest
// of its content and one digest per disk group. Done before the storing transaction opens, because serialising and hashing a large
// report takes CPU time during which SQLite's only connection would otherwise be held
// (server/hosts/store-inventory.ts).
//
// The document is serialised once. Each disk group is serialised again on its own for its digest,
// in strings short enough for the young generation; the report's digest is made from the group
// digests and the other fields, so the largest report (7 MiB) never exists as text twice.
// (Before: two whole serialisations and the text itself passed to SQLite, some 60 MiB of garbage
// per report, most of it in V8's large-object space, which only a full collection frees.)
import { createHash } from "node:crypto";
import type { Inventory } from "@/lib/agent-protocol";
import { packInventoryDocument } from "@/server/hosts/inventory-document";

export interface InventoryReport {
  inventory: Inventory;
  /** The document as stored in Host.inventoryGzip. */
  document: Uint8Array<ArrayBuffer>;
  /** SHA-256 of the report without collectedAt: two reports of an unchanged host match. */
  digest: string;
  /**
   * SHA-256 of each disk group as reported (its columns and volumes), by name: a group whose
   * digest is the stored one needs no row of its own read or written (server/hosts/project-inventory.ts).
   */
  groupDigests: Map<string, string>;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export async function prepareInventoryReport(inventory: Inventory): Promise<InventoryReport> {
  const digests = inventory.diskGroups.map((group) => sha256(JSON.stringify(group)));
  const groupDigests = new Map(inventory.diskGroups.map((group, i) => [group.name, digests[i]!]));
  // collectedAt says when, not what: it stays out of the content's digest.
  const content = { ...inventory, diskGroups: digests, collectedAt: 0 };
  const document = await packInventoryDocument(JSON.stringify(inventory));
  return { inventory, document, digest: sha256(JSON.stringify(content)), groupDigests };
}
