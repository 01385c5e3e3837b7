import "server-only";
// The disk groups one host reports (vxdg list through the console), each with the console's
// record of its holder beside the host's claim (lib/disk-group-ownership.ts): a host whose report
// contradicts the record sees `conflict` say so.
import type { Inventory } from "@/lib/agent-protocol";
import { describeClaimConflict, describeDiskGroupOwnership } from "@/lib/disk-group-ownership";
import { loadDiskGroupHolders } from "@/server/storage/load-disk-group-holders";
import { loadHost, requireInventory } from "@/server/storage/load-host";

export type HostDiskGroup = Inventory["diskGroups"][number] & {
  /** The holder per the console's record (or, without one, this report), or null when deported. */
  recordedOwner: string | null;
  ownerSource: "console" | "host-report";
  /** Set when this host's `owner` contradicts the console's record; the record stands. */
  conflict: string | null;
};

export async function listHostDiskGroups(hostName: string): Promise<HostDiskGroup[]> {
  const host = await loadHost(hostName);
  const groups = requireInventory(host).diskGroups;
  const holders = await loadDiskGroupHolders(groups.map((g) => g.name));
  return groups.map((group) => {
    const ownership = describeDiskGroupOwnership(holders.get(group.name) ?? null, [
      { host: host.name, owner: group.owner },
    ]);
    const [conflict] = ownership.conflicts;
    return {
      ...group,
      recordedOwner: ownership.owner,
      ownerSource: ownership.ownerSource,
      conflict: conflict ? describeClaimConflict(ownership, conflict) : null,
    };
  });
}
