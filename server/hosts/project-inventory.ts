import "server-only";
// Projects a host's inventory into its DiskGroup, Volume and VolumeSet rows by difference: rows
// that match the report are left alone, the rest are deleted and created in batches. A report
// usually changes a few rows (a set enabled, a volume created), so this writes a few rows, where
// replacing everything wrote one row per volume and held SQLite's only connection meanwhile.
// Runs inside the caller's transaction (server/hosts/store-inventory.ts).
//
// A disk group whose report digest (server/hosts/prepare-inventory-report.ts) is the one stored
// on its row is the same group as last time, volumes included: its volumes are not even read
// back. For the largest host a one-volume change then reads 1,000 short rows, not 11,000 long
// ones (0.5 s and 90 MiB of garbage before, while every other request waited for SQLite). So a
// migration that adds a column projected from a group or its volumes also sets reportDigest to
// NULL: the next report then compares and fills in every group.
//
// New rows go in through insertRows (server/hosts/insert-rows.ts), with ids made here: the
// models' @default(cuid()) is applied by Prisma, not by the database.
import { randomUUID } from "node:crypto";
import type { Prisma } from "@/generated/sqlite/client";
import type { Inventory } from "@/lib/agent-protocol";
import { dbProvider } from "@/server/db";
import { insertRows } from "@/server/hosts/insert-rows";

// Rows per statement: small enough that one statement's work stays a few milliseconds (rows go
// in as one JSON parameter, insert-rows.ts, so SQLite's bound-variable limit does not apply).
const BATCH = 500;

type ReportedGroup = Inventory["diskGroups"][number];
type ReportedVolume = ReportedGroup["volumes"][number];
type ReportedSet = Inventory["sets"][number];

interface StoredVolume {
  id: string;
  name: string;
  path: string;
  kind: string;
  sizeBytes: number;
  role: string | null;
  usedBy: string | null;
  filesystem: string | null;
  fsId: string | null;
  sharingMechanism: string | null;
  sharingReason: string | null;
}
interface StoredGroup {
  id: string;
  name: string;
  dir: string;
  owner: string | null;
  importGeneration: number;
  volumesStarted: boolean;
  damaged: string | null;
  reportDigest: string | null;
}

const storedSetSelect = {
  id: true,
  shadow: true,
  master: true,
  bitmap: true,
  mode: true,
  groupName: true,
  flags: true,
  statusJson: true,
} satisfies Prisma.VolumeSetSelect;

/** `groupDigests`: each reported group's digest, by name (InventoryReport.groupDigests). */
export async function projectInventory(
  tx: Prisma.TransactionClient,
  hostId: string,
  inventory: Inventory,
  groupDigests: ReadonlyMap<string, string>,
  now: Date,
): Promise<void> {
  await projectDiskGroups(tx, hostId, inventory.diskGroups, groupDigests, now);
  await projectSets(tx, hostId, inventory.sets, now);
}

async function projectDiskGroups(
  tx: Prisma.TransactionClient,
  hostId: string,
  reported: ReportedGroup[],
  groupDigests: ReadonlyMap<string, string>,
  now: Date,
): Promise<void> {
  const stored = await readStoredGroups(tx, hostId);
  const digestOf = (group: ReportedGroup) => groupDigests.get(group.name) ?? null;
  const unchanged = (row: StoredGroup, group: ReportedGroup) =>
    row.reportDigest !== null && row.reportDigest === digestOf(group);
  const compared = reported.flatMap((group) => {
    const row = stored.get(group.name);
    return row && !unchanged(row, group) ? [row.id] : [];
  });
  const storedVolumesOf = await readStoredVolumes(tx, compared);
  const staleVolumeIds: string[] = [];
  const newVolumes: VolumeRow[] = [];
  const newGroups: ReportedGroup[] = [];
  for (const group of reported) {
    const row = stored.get(group.name);
    stored.delete(group.name);
    if (!row) {
      newGroups.push(group);
      continue;
    }
    if (unchanged(row, group)) continue;
    await tx.diskGroup.update({
      where: { id: row.id },
      data: { ...(sameGroup(row, group) ? {} : groupColumns(group)), reportDigest: digestOf(group) },
    });
    const storedVolumes = new Map((storedVolumesOf.get(row.id) ?? []).map((v) => [v.name, v]));
    for (const volume of group.volumes) {
      const old = storedVolumes.get(volume.name);
      storedVolumes.delete(volume.name);
      if (old && sameVolume(old, volume)) continue;
      if (old) staleVolumeIds.push(old.id);
      newVolumes.push(volumeColumns(row.id, volume));
    }
    for (const gone of storedVolumes.values()) staleVolumeIds.push(gone.id);
  }
  // What the agent no longer reports is gone (volumes go with their group: onDelete Cascade).
  for (const ids of batches([...stored.values()].map((g) => g.id)))
    await tx.diskGroup.deleteMany({ where: { id: { in: ids } } });
  for (const ids of batches(staleVolumeIds)) await tx.volume.deleteMany({ where: { id: { in: ids } } });
  const groupRows = newGroups.map((g) => ({
    id: randomUUID(),
    hostId,
    name: g.name,
    ...groupColumns(g),
    reportDigest: digestOf(g),
    reportedAt: now,
  }));
  for (const [i, g] of newGroups.entries())
    for (const v of g.volumes) newVolumes.push(volumeColumns(groupRows[i]!.id, v));
  await insertRows(tx, "DiskGroup", groupRows);
  await insertRows(tx, "Volume", newVolumes);
  // Unchanged rows are this report too: "newest report" orderings read reportedAt.
  await tx.diskGroup.updateMany({ where: { hostId }, data: { reportedAt: now } });
}

async function projectSets(
  tx: Prisma.TransactionClient,
  hostId: string,
  reported: ReportedSet[],
  now: Date,
): Promise<void> {
  const stored = new Map(
    (await tx.volumeSet.findMany({ where: { hostId }, select: storedSetSelect })).map((s) => [s.shadow, s]),
  );
  const staleIds: string[] = [];
  const fresh: (ReturnType<typeof setColumns> & { id: string; hostId: string; reportedAt: Date })[] = [];
  for (const set of reported) {
    const columns = { id: randomUUID(), hostId, ...setColumns(set), reportedAt: now };
    const old = stored.get(set.shadow);
    stored.delete(set.shadow);
    if (
      old &&
      old.master === columns.master &&
      old.bitmap === columns.bitmap &&
      old.mode === columns.mode &&
      old.groupName === columns.groupName &&
      old.flags === columns.flags &&
      old.statusJson === columns.statusJson
    )
      continue;
    if (old) staleIds.push(old.id);
    fresh.push(columns);
  }
  for (const gone of stored.values()) staleIds.push(gone.id);
  for (const ids of batches(staleIds)) await tx.volumeSet.deleteMany({ where: { id: { in: ids } } });
  await insertRows(tx, "VolumeSet", fresh);
  await tx.volumeSet.updateMany({ where: { hostId }, data: { reportedAt: now } });
}

/**
 * The host's stored groups, and the volumes of the groups in `groupIds`, each table read as one
 * JSON array built by the database: the nested findMany took 290 ms for the largest host's 11,000 rows,
 * this 40 ms (Prisma decodes every value of every row; JSON.parse does the same in C++).
 */
async function readStoredGroups(tx: Prisma.TransactionClient, hostId: string): Promise<Map<string, StoredGroup>> {
  const [groupsJson] =
    dbProvider === "postgresql"
      ? await tx.$queryRaw<{ rows: string | null }[]>`
    SELECT json_agg(json_build_array("id", "name", "dir", "owner", "importGeneration", "volumesStarted", "damaged",
      "reportDigest"))::text AS rows
    FROM "DiskGroup" WHERE "hostId" = ${hostId}`
      : await tx.$queryRaw<{ rows: string }[]>`
    SELECT json_group_array(json_array("id", "name", "dir", "owner", "importGeneration", "volumesStarted", "damaged",
      "reportDigest")) AS rows
    FROM "DiskGroup" WHERE "hostId" = ${hostId}`;
  // volumesStarted: 1/0 from SQLite, true/false from PostgreSQL.
  type GroupRow = [string, string, string, string | null, number, number | boolean, string | null, string | null];
  const byName = new Map<string, StoredGroup>();
  for (const [id, name, dir, owner, importGeneration, volumesStarted, damaged, reportDigest] of JSON.parse(
    groupsJson?.rows ?? "[]",
  ) as GroupRow[]) {
    byName.set(name, {
      id,
      name,
      dir,
      owner,
      importGeneration,
      volumesStarted: volumesStarted === 1 || volumesStarted === true,
      damaged,
      reportDigest,
    });
  }
  return byName;
}

/** The stored volumes of these groups, by group id. */
async function readStoredVolumes(
  tx: Prisma.TransactionClient,
  groupIds: string[],
): Promise<Map<string, StoredVolume[]>> {
  const byGroup = new Map<string, StoredVolume[]>();
  if (groupIds.length === 0) return byGroup;
  const [volumesJson] =
    dbProvider === "postgresql"
      ? await tx.$queryRaw<{ rows: string | null }[]>`
    SELECT json_agg(json_build_array("diskGroupId", "id", "name", "path", "kind", "sizeBytes", "role", "usedBy",
      "filesystem", "fsId", "sharingMechanism", "sharingReason"))::text AS rows
    FROM "Volume" WHERE "diskGroupId" IN (SELECT jsonb_array_elements_text(${JSON.stringify(groupIds)}::jsonb))`
      : await tx.$queryRaw<{ rows: string }[]>`
    SELECT json_group_array(json_array("diskGroupId", "id", "name", "path", "kind", "sizeBytes", "role", "usedBy",
      "filesystem", "fsId", "sharingMechanism", "sharingReason")) AS rows
    FROM "Volume" WHERE "diskGroupId" IN (SELECT value FROM json_each(${JSON.stringify(groupIds)}))`;
  type VolumeRow = [
    string,
    string,
    string,
    string,
    string,
    number,
    string | null,
    string | null,
    string | null,
    string | null,
    string | null,
    string | null,
  ];
  for (const [
    groupId,
    id,
    name,
    path,
    kind,
    sizeBytes,
    role,
    usedBy,
    filesystem,
    fsId,
    sharingMechanism,
    sharingReason,
  ] of JSON.parse(volumesJson?.rows ?? "[]") as VolumeRow[]) {
    const volumes = byGroup.get(groupId) ?? [];
    if (volumes.length === 0) byGroup.set(groupId, volumes);
    volumes.push({ id, name, path, kind, sizeBytes, role, usedBy, filesystem, fsId, sharingMechanism, sharingReason });
  }
  return byGroup;
}

function groupColumns(g: ReportedGroup) {
  return {
    dir: g.dir,
    owner: g.owner,
    importGeneration: g.importGeneration,
    volumesStarted: g.volumesStarted,
    damaged: g.damaged,
  };
}

function sameGroup(row: StoredGroup, g: ReportedGroup): boolean {
  return (
    row.dir === g.dir &&
    row.owner === g.owner &&
    row.importGeneration === g.importGeneration &&
    row.volumesStarted === g.volumesStarted &&
    row.damaged === g.damaged
  );
}

type VolumeRow = ReturnType<typeof volumeColumns>;

function volumeColumns(diskGroupId: string, v: ReportedVolume) {
  return {
    id: randomUUID(),
    diskGroupId,
    name: v.name,
    path: v.path,
    kind: v.kind,
    sizeBytes: BigInt(v.sizeBytes),
    role: v.role,
    usedBy: v.usedBy,
    ...sharingColumns(v),
  };
}

/** A data volume's VolumeSharing as columns; all null when the agent sent none (bitmaps, older agents). */
function sharingColumns(v: ReportedVolume) {
  return {
    filesystem: v.sharing?.filesystem ?? null,
    fsId: v.sharing?.fsId ?? null,
    sharingMechanism: v.sharing?.mechanism ?? null,
    sharingReason: v.sharing?.reason ?? null,
  };
}

function sameVolume(row: StoredVolume, v: ReportedVolume): boolean {
  const sharing = sharingColumns(v);
  return (
    row.path === v.path &&
    row.kind === v.kind &&
    row.sizeBytes === v.sizeBytes &&
    row.role === v.role &&
    row.usedBy === v.usedBy &&
    row.filesystem === sharing.filesystem &&
    row.fsId === sharing.fsId &&
    row.sharingMechanism === sharing.sharingMechanism &&
    row.sharingReason === sharing.sharingReason
  );
}

function setColumns(s: ReportedSet) {
  return {
    shadow: s.shadow,
    master: s.master,
    bitmap: s.bitmap,
    mode: s.mode,
    groupName: s.group,
    flags: s.flags,
    statusJson: JSON.stringify(s),
    ...consistencyColumns(s),
  };
}

/**
 * The consistency mode and reference clone as columns, so sets can be found and counted by mode.
 * Derived from statusJson, so the unchanged-row test above (which compares statusJson) covers them.
 * An older agent sends no mode: its sets scan (lib/agent-protocol setStatusSchema).
 */
function consistencyColumns(s: ReportedSet) {
  const c = s.consistency;
  const clone = s.clone ?? null;
  return {
    consistencyMode: c?.mode ?? s.changeDetection,
    sharingMechanism: c?.mechanism ?? null,
    consistencyReason: c?.reason ?? null,
    consistencyRequested: c?.requested ?? null,
    cloneTakenAt: clone ? new Date(clone.takenAt) : null,
    cloneMs: clone?.cloneMs ?? null,
    cloneMasterExtents: clone?.masterExtents ?? null,
    cloneHeldBytes: clone?.heldBytes ?? null,
    lastUpdateDetection: clone?.lastUpdate ?? null,
    lastUpdateNote: clone?.lastUpdateNote ?? null,
  };
}

function batches<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(items.slice(i, i + BATCH));
  return out;
}
