import "server-only";
// Archive lineage (issue 6): from a set, which archives hold which of its points in time.
import { prisma } from "@/server/db";

export interface ArchiveLineageEntry {
  archiveId: string;
  runId: string;
  runbookName: string;
  /** The runbook was deleted; its archives stay (their files are still on the host). */
  runbookDeleted: boolean;
  hostName: string;
  dir: string;
  file: string;
  pointInTime: string | null;
  createdAt: string;
  deletedAt: string | null;
  sizeBytes: number;
  sha256: string;
}

export async function archiveLineage(setShadow: string): Promise<ArchiveLineageEntry[]> {
  const rows = await prisma.archiveVolume.findMany({
    where: { setShadow },
    orderBy: { archive: { createdAt: "desc" } },
    select: {
      file: true,
      sizeBytes: true,
      sha256: true,
      archive: {
        select: {
          id: true,
          runId: true,
          hostName: true,
          dir: true,
          pointInTime: true,
          createdAt: true,
          deletedAt: true,
          runbookId: true,
          run: { select: { runbookName: true } },
        },
      },
    },
  });
  return rows.map((r) => ({
    archiveId: r.archive.id,
    runId: r.archive.runId,
    runbookName: r.archive.run.runbookName,
    runbookDeleted: r.archive.runbookId === null,
    hostName: r.archive.hostName,
    dir: r.archive.dir,
    file: r.file,
    pointInTime: r.archive.pointInTime?.toISOString() ?? null,
    createdAt: r.archive.createdAt.toISOString(),
    deletedAt: r.archive.deletedAt?.toISOString() ?? null,
    sizeBytes: Number(r.sizeBytes),
    sha256: r.sha256,
  }));
}
