import "server-only";
// One disk group on shared storage as every host sees it, for the disk-group page: who holds it,
// its volumes with what each host says uses them, and the sets any host has on those volumes.
// Reads the rows projected from the inventories (server/hosts/store-inventory.ts); who holds it
// is the console's record when it has one (lib/disk-group-ownership.ts).
import type { VolumeSharing } from "@/lib/consistency-mode";
import { type DiskGroupOwnership, describeDiskGroupOwnership } from "@/lib/disk-group-ownership";
import { prisma } from "@/server/db";
import { loadDiskGroupHolders } from "@/server/storage/load-disk-group-holders";
import { AppError } from "@/server/errors";

export interface DiskGroupVolumeDetail {
  name: string;
  path: string;
  kind: string;
  sizeBytes: number;
  role: string;
  /** Why each host holds the volume open; usually only the holder reports anything. */
  usedBy: { host: string; reason: string }[];
  /** The file system under a data volume and whether it shares blocks; null for bitmaps and older agents. */
  sharing: VolumeSharing | null;
}

export interface DiskGroupDetail extends DiskGroupOwnership {
  name: string;
  dir: string;
  volumesStarted: boolean;
  damaged: string | null;
  importGeneration: number;
  /** The host whose report the fields above come from (the holder's, when it reports), and when it was made. */
  reportedBy: string;
  reportedAt: string;
  views: {
    host: string;
    owner: string | null;
    volumesStarted: boolean;
    damaged: string | null;
    reportedAt: string;
    lastHeartbeat: string | null;
  }[];
  volumes: DiskGroupVolumeDetail[];
  sets: {
    host: string;
    shadow: string;
    master: string;
    bitmap: string;
    mode: string;
    group: string | null;
    consistencyMode: "instant" | "scan";
  }[];
}

export async function getDiskGroupDetail(name: string): Promise<DiskGroupDetail> {
  const rows = await prisma.diskGroup.findMany({
    where: { name },
    orderBy: { reportedAt: "desc" },
    select: {
      name: true,
      dir: true,
      owner: true,
      volumesStarted: true,
      damaged: true,
      importGeneration: true,
      reportedAt: true,
      host: { select: { id: true, name: true, lastHeartbeat: true } },
      volumes: {
        orderBy: { name: "asc" },
        select: {
          name: true,
          path: true,
          kind: true,
          sizeBytes: true,
          role: true,
          usedBy: true,
          filesystem: true,
          fsId: true,
          sharingMechanism: true,
          sharingReason: true,
        },
      },
    },
  });
  if (rows.length === 0) {
    const known = await prisma.diskGroup.findMany({
      distinct: ["name"],
      select: { name: true },
      orderBy: { name: "asc" },
    });
    throw new AppError(
      "NOT_FOUND",
      `disk group ${name} not found (disk groups: ${known.map((k) => k.name).join(", ") || "none"})`,
    );
  }
  // Rows come newest first, as the ownership rule expects.
  const ownership = describeDiskGroupOwnership(
    (await loadDiskGroupHolders([name])).get(name) ?? null,
    rows.map((r) => ({ host: r.host.name, owner: r.owner })),
  );
  // The holder's own view, when it reports; else the freshest view of the shared group.
  const newest = rows.find((r) => r.host.name === ownership.owner) ?? rows[0]!;
  const volumes = newest.volumes.map((v) => ({
    name: v.name,
    path: v.path,
    kind: v.kind,
    sizeBytes: Number(v.sizeBytes),
    role: v.role ?? "data",
    usedBy: rows.flatMap((row) => {
      const reason = row.volumes.find((other) => other.path === v.path)?.usedBy;
      return reason ? [{ host: row.host.name, reason }] : [];
    }),
    sharing: sharingOfRow(v),
  }));
  const paths = new Set(volumes.map((v) => v.path));
  const setRows = await prisma.volumeSet.findMany({
    where: { hostId: { in: rows.map((r) => r.host.id) } },
    orderBy: { shadow: "asc" },
    select: {
      shadow: true,
      master: true,
      bitmap: true,
      mode: true,
      groupName: true,
      consistencyMode: true,
      host: { select: { name: true } },
    },
  });
  const sets = setRows
    .filter((s) => paths.has(s.shadow) || paths.has(s.master) || paths.has(s.bitmap))
    .map((s) => ({
      host: s.host.name,
      shadow: s.shadow,
      master: s.master,
      bitmap: s.bitmap,
      mode: s.mode,
      group: s.groupName,
      consistencyMode: s.consistencyMode === "instant" ? ("instant" as const) : ("scan" as const),
    }));
  return {
    ...ownership,
    name: newest.name,
    dir: newest.dir,
    volumesStarted: newest.volumesStarted,
    damaged: newest.damaged,
    importGeneration: newest.importGeneration,
    reportedBy: newest.host.name,
    reportedAt: newest.reportedAt.toISOString(),
    views: rows.map((r) => ({
      host: r.host.name,
      owner: r.owner,
      volumesStarted: r.volumesStarted,
      damaged: r.damaged,
      reportedAt: r.reportedAt.toISOString(),
      lastHeartbeat: r.host.lastHeartbeat?.toISOString() ?? null,
    })),
    volumes,
    sets,
  };
}

/** The Volume row's sharing columns back as the agent's VolumeSharing (server/hosts/project-inventory.ts). */
function sharingOfRow(v: {
  filesystem: string | null;
  fsId: string | null;
  sharingMechanism: string | null;
  sharingReason: string | null;
}): VolumeSharing | null {
  if (v.filesystem === null) return null;
  const mechanism =
    v.sharingMechanism === "xfs-reflink" || v.sharingMechanism === "btrfs-reflink" ? v.sharingMechanism : null;
  return { filesystem: v.filesystem, fsId: v.fsId ?? "", mechanism, reason: v.sharingReason };
}
