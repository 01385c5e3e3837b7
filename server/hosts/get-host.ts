import "server-only";
// One host with its inventory mirror, for the host page and the CLI.
import type { Inventory } from "@/lib/agent-protocol";
import { loadHost } from "@/server/storage/load-host";

export interface HostDetail {
  id: string;
  name: string;
  lastHeartbeat: string | null;
  revoked: boolean;
  inventoryAt: string | null;
  inventory: Inventory | null;
}

export async function getHost(name: string): Promise<HostDetail> {
  const host = await loadHost(name);
  return {
    id: host.id,
    name: host.name,
    lastHeartbeat: host.lastHeartbeat?.toISOString() ?? null,
    revoked: host.revokedAt !== null,
    inventoryAt: host.inventoryAt?.toISOString() ?? null,
    inventory: host.inventory,
  };
}
