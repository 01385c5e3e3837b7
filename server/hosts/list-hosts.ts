import "server-only";
import { prisma } from "@/server/db";
import { hostListSelect } from "@/server/hosts/host-select";

export interface HostListItem {
  id: string;
  name: string;
  agentVersion: string | null;
  // ISO 8601 strings: tRPC runs without a transformer (no superjson), so a Date would reach the
  // browser as a string while its type still said Date.
  lastHeartbeat: string | null;
  createdAt: string;
}

export async function listHosts(): Promise<HostListItem[]> {
  const hosts = await prisma.host.findMany({ select: hostListSelect, orderBy: { name: "asc" } });
  return hosts.map((host) => ({
    ...host,
    lastHeartbeat: host.lastHeartbeat?.toISOString() ?? null,
    createdAt: host.createdAt.toISOString(),
  }));
}
