import "server-only";
// What a host's inventory may change in the console's record of disk-group holders
// (lib/disk-group-ownership.ts), and no more:
// - a group without a record (imported with `pitcrew dg --local`, or before the console) takes
//   the holder the first report names, marked "reported by host, not recorded by the console";
// - the recorded holder's own report may give the group up (deported or taken over with
//   `pitcrew dg --local` there): that host is the authority on what it holds;
// - any other report that names another holder is a claim, shown as a conflict, never adopted.
import type { Prisma } from "@/generated/sqlite/client";
import type { Inventory } from "@/lib/agent-protocol";
import { insertRows } from "@/server/hosts/insert-rows";

export async function adoptReportedHolders(
  tx: Prisma.TransactionClient,
  hostName: string,
  diskGroups: Inventory["diskGroups"],
  now: Date,
): Promise<void> {
  if (diskGroups.length === 0) return;
  // Every record, not `name IN (…)`: a thousand bound names cost Prisma more than reading the
  // table, which holds one small row per disk group on the SAN.
  const records = new Map(
    (await tx.diskGroupHolder.findMany({ select: { name: true, holder: true } })).map((r) => [r.name, r]),
  );
  const reported = { source: "report", jobId: null, reportedBy: hostName, recordedAt: now };
  const fresh: { name: string; holder: string; source: string; jobId: null; reportedBy: string; recordedAt: Date }[] =
    [];
  for (const group of diskGroups) {
    const record = records.get(group.name);
    if (!record) {
      if (group.owner !== null) fresh.push({ name: group.name, holder: group.owner, ...reported });
    } else if (record.holder === hostName && group.owner !== hostName) {
      await tx.diskGroupHolder.update({ where: { name: group.name }, data: { holder: group.owner, ...reported } });
    }
  }
  // Every group of a host's first report, up to 1,000: in bulk (server/hosts/insert-rows.ts).
  await insertRows(tx, "DiskGroupHolder", fresh);
}
