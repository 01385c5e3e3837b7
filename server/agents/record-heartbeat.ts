import "server-only";
// An agent's heartbeat: it is alive, what it runs, and (sometimes) its inventory. Renews the
// leases of the jobs it lists and answers which of them it must stop (cancel requested, or the
// lease was lost to the sweeper or a new attempt), so cancellation travels back on the heartbeat
// (docs/architecture.md §10 rule 9).
//
// Not audited: the audit log records state changes (docs/architecture.md §6), and a heartbeat every few
// seconds per host would drown them. Lease renewals are not audited by server/jobs either.
import type { Inventory } from "@/lib/agent-protocol";
import { inTransaction } from "@/server/db-transaction";
import { prepareInventoryReport } from "@/server/hosts/prepare-inventory-report";
import { storeInventory, storeInventoryTransactionOptions } from "@/server/hosts/store-inventory";
import { AppError } from "@/server/errors";
import { expireStaleLeases } from "@/server/jobs/expire-stale-leases";
import { renewLease } from "@/server/jobs/renew-lease";

export interface RecordHeartbeatInput {
  hostId: string;
  agentVersion: string;
  protocolVersion: number;
  inventory?: Inventory;
  runningJobs: { jobId: string; attempt: number }[];
  /** The first heartbeat of a new agent process (lib/agent-protocol heartbeatRequestSchema). */
  agentRestarted?: boolean;
  now?: Date;
}

export interface HeartbeatResult {
  serverTime: number;
  cancelJobIds: string[];
  wantInventory: boolean;
}

// The agent sends its inventory after every change it makes; a periodic refresh also catches
// changes made behind its back (an operator's iiadm --local, a disk swap). Five minutes keeps the
// console's mirror fresh without shipping a large inventory on every heartbeat.
const INVENTORY_MAX_AGE_MS = 5 * 60_000;

export async function recordHeartbeat(input: RecordHeartbeatInput): Promise<HeartbeatResult> {
  const { hostId, agentVersion, protocolVersion, inventory, runningJobs, agentRestarted, now = new Date() } = input;
  // Before the lease would tell: the operator learns at once that the job was interrupted.
  if (agentRestarted) await expireStaleLeases(now, { restartedHostId: hostId });
  const cancelJobIds = new Set<string>();
  for (const { jobId, attempt } of runningJobs) {
    try {
      const renewal = await renewLease({ hostId, jobId, attempt, now });
      if (renewal.cancelRequested) cancelJobIds.add(jobId);
    } catch (error) {
      // The job is no longer this attempt's (or not this host's): the agent must stop it.
      if (error instanceof AppError && (error.code === "LEASE_LOST" || error.code === "NOT_FOUND"))
        cancelJobIds.add(jobId);
      else throw error;
    }
  }
  const report = inventory && (await prepareInventoryReport(inventory));
  const host = await inTransaction(async (tx) => {
    if (report) await storeInventory(tx, { hostId, report, now, agentRestarted });
    return tx.host.update({
      where: { id: hostId },
      data: { lastHeartbeat: now, agentVersion, protocolVersion },
      select: { inventoryAt: true, inventoryWantedAt: true },
    });
  }, storeInventoryTransactionOptions);
  const wantInventory =
    host.inventoryAt === null ||
    host.inventoryWantedAt !== null ||
    now.getTime() - host.inventoryAt.getTime() > INVENTORY_MAX_AGE_MS;
  return { serverTime: now.getTime(), cancelJobIds: [...cancelJobIds], wantInventory };
}
