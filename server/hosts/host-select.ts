import "server-only";
import type { Prisma } from "@/generated/sqlite/client";

// The only Host fields a client sees. Agent credentials will live on this table (agents issue),
// so reads never return a bare model.
export const hostListSelect = {
  id: true,
  name: true,
  agentVersion: true,
  lastHeartbeat: true,
  createdAt: true,
} satisfies Prisma.HostSelect;
