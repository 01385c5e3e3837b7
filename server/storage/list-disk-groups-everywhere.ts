import "server-only";
// Every disk group any host reports, once per name: who holds it, as the most recent report says,
// and which hosts see it. Reads the DiskGroup rows projected from the inventories.
import { prisma } from "@/server/db";

export interface DiskGroupEverywhere {
  name: string;
  /** The holder per the newest report, or null when deported. */
  owner: string | null;
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
      name: true, owner: true, volumesStarted: true, damaged: true, reportedAt: true,
      host: { select: { name: true } },
      volumes: { select: { sizeBytes: true, role: true } },
    },
  });
  const byName = new Map<string, DiskGroupEverywhere>();
  for (const row of rows) {
    const seen = { host: row.host.name, owner: row.owner, reportedAt: row.reportedAt.toISOString() };
    const known = byName.get(row.name);
    if (known) {
      known.seenBy.push(seen);
      continue;
    }
    // Rows come newest first per name: the first one is the freshest view of the shared group.
    byName.set(row.name, {
      name: row.name, owner: row.owner, volumesStarted: row.volumesStarted, damaged: row.damaged,
      volumeCount: row.volumes.length,
      dataBytes: row.volumes.filter((v) => v.role !== "bitmap").reduce((sum, v) => sum + Number(v.sizeBytes), 0),
      seenBy: [seen],
    });
  }
  // By host name, so the list does not reorder itself as reports arrive.
  for (const group of byName.values()) group.seenBy.sort((a, b) => a.host.localeCompare(b.host));
  return [...byName.values()];
}
