import "server-only";
// Every disk group any host reports, once per name: who holds it, per the console's record when it
// has one (lib/disk-group-ownership.ts), which hosts claim otherwise, and which hosts see it.
// Reads the DiskGroup rows projected from the inventories.
import { type DiskGroupOwnership, describeDiskGroupOwnership } from "@/lib/disk-group-ownership";
import { prisma } from "@/server/db";
import { loadDiskGroupHolders } from "@/server/storage/load-disk-group-holders";

export interface DiskGroupEverywhere extends DiskGroupOwnership {
  name: string;
  volumesStarted: boolean;
  damaged: string | null;
  volumeCount: number;
  /** Bytes of data volumes (bitmaps excluded). */
  dataBytes: number;
  /** Hosts whose agents see the group, and what each last reported. */
  seenBy: { host: string; owner: string | null; reportedAt: string }[];
}

export async function listDiskGroupsEverywhere(): Promise<DiskGroupEverywhere[]> {
  const rows = await prisma.diskGroup.findMany({
    orderBy: [{ name: "asc" }, { reportedAt: "desc" }],
    select: {
      name: true,
      owner: true,
      volumesStarted: true,
      damaged: true,
      reportedAt: true,
      host: { select: { name: true } },
      volumes: { select: { sizeBytes: true, role: true } },
    },
  });
  const byName = new Map<string, typeof rows>();
  for (const row of rows) byName.set(row.name, [...(byName.get(row.name) ?? []), row]);
  const holders = await loadDiskGroupHolders();
  return [...byName.entries()].map(([name, reports]) => {
    // Reports come newest first, as the ownership rule expects.
    const seenBy = reports.map((r) => ({ host: r.host.name, owner: r.owner, reportedAt: r.reportedAt.toISOString() }));
    const ownership = describeDiskGroupOwnership(holders.get(name) ?? null, seenBy);
    // The holder's own view of its volumes, when it reports; else the freshest view.
    const view = reports.find((r) => r.host.name === ownership.owner) ?? reports[0]!;
    return {
      name,
      volumesStarted: view.volumesStarted,
      damaged: view.damaged,
      volumeCount: view.volumes.length,
      dataBytes: view.volumes.filter((v) => v.role !== "bitmap").reduce((sum, v) => sum + Number(v.sizeBytes), 0),
      // By host name, so the list does not reorder itself as reports arrive.
      seenBy: seenBy.sort((a, b) => a.host.localeCompare(b.host)),
      ...ownership,
    };
  });
}
