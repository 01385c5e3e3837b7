import "server-only";
// The console's record of a disk group's holder, from a dg job that succeeded (lib/disk-group-
// ownership.ts): dg.create and dg.import leave the group held by the job's host, dg.deport held by
// nobody. Runbook steps run the same jobs, so their imports and deports are recorded here too.
import type { Prisma } from "@/generated/sqlite/client";

const HOLDER_AFTER: Record<string, "job host" | "nobody"> = {
  "dg.create": "job host",
  "dg.import": "job host",
  "dg.deport": "nobody",
};

export interface RecordDiskGroupHolderInput {
  jobId: string;
  kind: string;
  argsJson: string;
  hostName: string;
  now: Date;
}

export async function recordDiskGroupHolder(
  tx: Prisma.TransactionClient,
  input: RecordDiskGroupHolderInput,
): Promise<void> {
  const after = HOLDER_AFTER[input.kind];
  if (!after) return;
  const { diskGroup } = JSON.parse(input.argsJson) as { diskGroup: string };
  const record = {
    holder: after === "job host" ? input.hostName : null,
    source: "job",
    jobId: input.jobId,
    reportedBy: null,
    recordedAt: input.now,
  };
  await tx.diskGroupHolder.upsert({
    where: { name: diskGroup },
    create: { name: diskGroup, ...record },
    update: record,
  });
}
