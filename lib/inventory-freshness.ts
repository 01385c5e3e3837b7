// Whether an inventory the agent sent may replace the one the console stored. Both carry
// collectedAt, the agent's clock when it collected them. A report collected earlier must not win:
// a heartbeat whose inventory was collected during a job can arrive after that job's finish stored
// the post-job inventory, and `iiadm -w` would then decide from the older picture of the host.

/**
 * How much earlier a report may have been collected and still count as a late delivery, which is
 * ignored. The agent gives up on a request after 30 s (agent/api-client.ts), and the console
 * stores an inventory in well under a second, so no honest report arrives minutes after a newer
 * one. A report older by more than this means the agent's clock was stepped back (NTP, a
 * hand-set clock): it is accepted, or the console would ignore the host until its clock caught up.
 * A backward step smaller than this leaves the console's copy at most this stale, and stale
 * errs the safe way: a wait keeps waiting, it does not succeed on an old picture.
 */
export const INVENTORY_LATE_DELIVERY_MS = 10 * 60_000;

export interface InventoryFreshnessInput {
  /** collectedAt of the stored inventory (ms, agent clock), or null when none is stored. */
  storedCollectedAt: number | null;
  incomingCollectedAt: number;
  /**
   * The first heartbeat of a new agent process: always accepted. The process may have restarted
   * on a rebooted host whose clock is now different, and what it reports is the host as it is now.
   */
  agentRestarted: boolean;
}

export function isInventoryOutdated({
  storedCollectedAt,
  incomingCollectedAt,
  agentRestarted,
}: InventoryFreshnessInput): boolean {
  if (agentRestarted || storedCollectedAt === null) return false;
  const earlierBy = storedCollectedAt - incomingCollectedAt;
  return earlierBy > 0 && earlierBy <= INVENTORY_LATE_DELIVERY_MS;
}
