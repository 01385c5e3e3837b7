import "server-only";
// Every Instant Image set on every host, from the VolumeSet rows projected from the inventories:
// the estate at a glance (the overview, the sets page), without reading each host's document.
import type { Inventory } from "@/lib/agent-protocol";
import { prisma } from "@/server/db";
import { parseJsonObject } from "@/server/jobs/job-select";

export type SetEverywhere = Inventory["sets"][number] & { host: string; reportedAt: string };

export async function listSetsEverywhere(filter: { group?: string } = {}): Promise<SetEverywhere[]> {
  const rows = await prisma.volumeSet.findMany({
    where: filter.group === undefined ? {} : { groupName: filter.group },
    orderBy: [{ host: { name: "asc" } }, { shadow: "asc" }],
    select: { statusJson: true, reportedAt: true, host: { select: { name: true } } },
  });
  return rows.flatMap((row) => {
    const status = parseJsonObject(row.statusJson) as Inventory["sets"][number] | null;
    return status ? [{ ...status, host: row.host.name, reportedAt: row.reportedAt.toISOString() }] : [];
  });
}
