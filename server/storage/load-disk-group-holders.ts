import "server-only";
// The console's records of disk-group holders (prisma DiskGroupHolder) by name, for the views
// that show ownership (lib/disk-group-ownership.ts).
import type { Prisma } from "@/generated/sqlite/client";
import type { DiskGroupHolderRecord } from "@/lib/disk-group-ownership";
import { prisma } from "@/server/db";

const holderSelect = {
  name: true,
  holder: true,
  source: true,
  jobId: true,
  reportedBy: true,
  recordedAt: true,
} satisfies Prisma.DiskGroupHolderSelect;

/** Records for `names`, or for every group when names is omitted. */
export async function loadDiskGroupHolders(names?: string[]): Promise<Map<string, DiskGroupHolderRecord>> {
  const rows = await prisma.diskGroupHolder.findMany({
    where: names ? { name: { in: names } } : {},
    select: holderSelect,
  });
  return new Map(
    rows.map((r) => [
      r.name,
      {
        holder: r.holder,
        source: r.source === "job" ? "job" : "report",
        jobId: r.jobId,
        reportedBy: r.reportedBy,
        recordedAt: r.recordedAt.toISOString(),
      },
    ]),
  );
}
