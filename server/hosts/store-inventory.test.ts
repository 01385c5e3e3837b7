import "@/test/support/test-database"; // first: gives this file its own database
import { beforeEach, describe, expect, it } from "vitest";
import type { Inventory } from "@/lib/agent-protocol";
import { recordHeartbeat } from "@/server/agents/record-heartbeat";
import { prisma } from "@/server/db";
import { createTestHost, resetJobTables } from "@/test/support/test-fixtures";
import { listDiskGroupsEverywhere } from "@/server/storage/list-disk-groups-everywhere";
import { listSetsEverywhere } from "@/server/storage/list-sets-everywhere";

const GiB = 1024 ** 3;
const volume = (dg: string, name: string, sizeBytes: number, role: "data" | "bitmap" = "data") => ({
  name,
  path: `/san/${dg}/${name}`,
  kind: "file" as const,
  sizeBytes,
  role,
  usedBy: null,
});
const group = (name: string, owner: string | null, volumes: Inventory["diskGroups"][number]["volumes"]) => ({
  name,
  dir: `/san/${name}`,
  owner,
  importGeneration: 3,
  volumesStarted: owner !== null,
  damaged: null,
  volumes,
});
const set = (shadow: string, groupName: string | null) => ({
  shadow,
  master: shadow.replace("backup", "production"),
  bitmap: `${shadow.replace("backup", "production")}.bmp`,
  mode: "ind" as const,
  group: groupName,
  clusterTag: null,
  overflow: null,
  suspended: null,
  flags: 0,
  mtime: 0,
  exportId: "",
  sizeFbas: 0,
  chunks: 0,
  shadowChunksTotal: 0,
  shadowChunksUsed: 0,
  bitsSet: 0,
  shadowBits: 0,
  copyBits: 0,
  throttle: { unit: 256, delay: 2 },
  changeDetection: "scan" as const,
  progress: null,
});
const inventory = (diskGroups: Inventory["diskGroups"], sets: Inventory["sets"]): Inventory => ({
  roots: ["/san"],
  hooks: [],
  tapeDevices: [],
  diskGroups,
  sets,
  svVolumes: [],
  collectedAt: 0,
});
const heartbeat = (hostId: string, inv: Inventory, now: Date) =>
  recordHeartbeat({ hostId, agentVersion: "t", protocolVersion: 1, inventory: inv, runningJobs: [], now });

describe("the inventory projection", () => {
  let prod: { id: string };
  let backup: { id: string };

  beforeEach(async () => {
    await resetJobTables();
    prod = await createTestHost("prod");
    backup = await createTestHost("backup");
  });

  it("stores disk groups, volumes (sizes past 2 GiB) and sets as rows, and replaces them with the next inventory", async () => {
    await heartbeat(
      prod.id,
      inventory(
        [
          group("production", "prod", [
            volume("production", "vol01", 8 * GiB),
            volume("production", "vol01.bmp", 90_112, "bitmap"),
          ]),
        ],
        [set("/san/backup/vol01", "Backup1"), set("/san/backup/vol02", null)],
      ),
      new Date("2026-11-25T10:00:00Z"),
    );

    const rows = await prisma.volume.findMany({
      orderBy: { name: "asc" },
      select: { name: true, sizeBytes: true, role: true },
    });
    expect(rows).toEqual([
      { name: "vol01", sizeBytes: BigInt(8 * GiB), role: "data" },
      { name: "vol01.bmp", sizeBytes: 90_112n, role: "bitmap" },
    ]);
    expect((await listSetsEverywhere({ group: "Backup1" })).map((s) => [s.host, s.shadow])).toEqual([
      ["prod", "/san/backup/vol01"],
    ]);

    // The set was disabled and a volume removed on the host: the rows follow.
    await heartbeat(
      prod.id,
      inventory(
        [group("production", "prod", [volume("production", "vol01", 8 * GiB)])],
        [set("/san/backup/vol02", null)],
      ),
      new Date("2026-11-25T10:01:00Z"),
    );
    expect(await prisma.volume.count()).toBe(1);
    expect((await listSetsEverywhere()).map((s) => s.shadow)).toEqual(["/san/backup/vol02"]);
  });

  it("leaves a group reported unchanged alone, rewrites only the group that changed, and compares a group stored before digests row by row", async () => {
    const report = (reason: string | null) =>
      inventory(
        [
          group("production", "prod", [{ ...volume("production", "vol01", 8 * GiB), usedBy: reason }]),
          group("archive", "prod", [volume("archive", "vol01", GiB)]),
        ],
        [],
      );
    await heartbeat(prod.id, report(null), new Date("2026-11-25T10:00:00Z"));
    const ids = async () =>
      Object.fromEntries(
        (
          await prisma.volume.findMany({
            select: { id: true, path: true, usedBy: true, diskGroup: { select: { reportDigest: true } } },
          })
        ).map((v) => [v.path, { id: v.id, usedBy: v.usedBy, digest: v.diskGroup.reportDigest }]),
      );
    const first = await ids();
    expect(first["/san/production/vol01"]?.digest).toMatch(/^[0-9a-f]{64}$/);

    await heartbeat(prod.id, report("mounted on /oracle"), new Date("2026-11-25T10:01:00Z"));
    const second = await ids();
    expect(second["/san/production/vol01"]).toMatchObject({ usedBy: "mounted on /oracle" });
    expect(second["/san/production/vol01"]?.id).not.toBe(first["/san/production/vol01"]?.id);
    expect(second["/san/production/vol01"]?.digest).not.toBe(first["/san/production/vol01"]?.digest);
    expect(second["/san/archive/vol01"]).toEqual(first["/san/archive/vol01"]);

    // A console upgraded from a release without digests: its rows carry none, and one of them is
    // wrong. The next report, though this group is as before, compares the rows and mends it.
    await prisma.diskGroup.updateMany({ data: { reportDigest: null } });
    await prisma.volume.updateMany({ where: { path: "/san/archive/vol01" }, data: { usedBy: "stale" } });
    await heartbeat(prod.id, report(null), new Date("2026-11-25T10:02:00Z"));
    const third = await ids();
    expect(third["/san/archive/vol01"]?.usedBy).toBeNull();
    expect(third["/san/archive/vol01"]?.digest).toBe(first["/san/archive/vol01"]?.digest);
    expect(third["/san/production/vol01"]).toMatchObject({
      usedBy: null,
      digest: first["/san/production/vol01"]?.digest,
    });
  });

  it("stores each data volume's file system and each set's consistency mode and reference clone as columns, and follows their changes", async () => {
    const xfs = { filesystem: "xfs", fsId: "2049", mechanism: "xfs-reflink" as const, reason: null };
    const ext4 = {
      filesystem: "ext4",
      fsId: "2050",
      mechanism: null,
      reason: "its file system (ext4) cannot share blocks",
    };
    const takenAt = Date.UTC(2026, 11, 7, 13, 0, 0);
    const instant = {
      ...set("/san/backup/vol01", null),
      changeDetection: "instant" as const,
      consistency: {
        mode: "instant" as const,
        mechanism: "xfs-reflink" as const,
        reason: null,
        requested: "auto" as const,
      },
      clone: {
        takenAt,
        cloneMs: 12.5,
        masterExtents: 77,
        heldBytes: 3 * GiB,
        lastUpdate: "scan" as const,
        lastUpdateNote: "no clone to compare with",
      },
    };
    const report = (sharing: typeof xfs | typeof ext4) =>
      inventory(
        [
          group("production", "prod", [
            { ...volume("production", "vol01", GiB), sharing },
            volume("production", "vol01.bmp", 90_112, "bitmap"),
          ]),
        ],
        [instant, set("/san/backup/vol02", null)],
      );
    await heartbeat(prod.id, report(xfs), new Date("2026-12-07T13:00:00Z"));
    const volumes = () =>
      prisma.volume.findMany({
        orderBy: { name: "asc" },
        select: { name: true, filesystem: true, fsId: true, sharingMechanism: true, sharingReason: true },
      });
    expect(await volumes()).toEqual([
      { name: "vol01", filesystem: "xfs", fsId: "2049", sharingMechanism: "xfs-reflink", sharingReason: null },
      { name: "vol01.bmp", filesystem: null, fsId: null, sharingMechanism: null, sharingReason: null },
    ]);
    const sets = await prisma.volumeSet.findMany({
      orderBy: { shadow: "asc" },
      select: {
        shadow: true,
        consistencyMode: true,
        sharingMechanism: true,
        consistencyReason: true,
        consistencyRequested: true,
        cloneTakenAt: true,
        cloneMs: true,
        cloneMasterExtents: true,
        cloneHeldBytes: true,
        lastUpdateDetection: true,
        lastUpdateNote: true,
      },
    });
    expect(sets).toEqual([
      {
        shadow: "/san/backup/vol01",
        consistencyMode: "instant",
        sharingMechanism: "xfs-reflink",
        consistencyReason: null,
        consistencyRequested: "auto",
        cloneTakenAt: new Date(takenAt),
        cloneMs: 12.5,
        cloneMasterExtents: 77,
        cloneHeldBytes: BigInt(3 * GiB),
        lastUpdateDetection: "scan",
        lastUpdateNote: "no clone to compare with",
      },
      // An agent older than instant mode reports no mode: scan, nothing asked for, no clone.
      {
        shadow: "/san/backup/vol02",
        consistencyMode: "scan",
        sharingMechanism: null,
        consistencyReason: null,
        consistencyRequested: null,
        cloneTakenAt: null,
        cloneMs: null,
        cloneMasterExtents: null,
        cloneHeldBytes: null,
        lastUpdateDetection: null,
        lastUpdateNote: null,
      },
    ]);
    expect((await listSetsEverywhere()).find((s) => s.shadow === "/san/backup/vol01")?.clone?.masterExtents).toBe(77);

    // The file system under the volume changed (moved, remounted): the row follows.
    await heartbeat(prod.id, report(ext4), new Date("2026-12-07T13:01:00Z"));
    expect((await volumes())[0]).toEqual({
      name: "vol01",
      filesystem: "ext4",
      fsId: "2050",
      sharingMechanism: null,
      sharingReason: ext4.reason,
    });
  });

  it("lists a shared disk group once, with every host that sees it; a holder change is believed once the holder itself reports it", async () => {
    await heartbeat(
      prod.id,
      inventory([group("backup", "prod", [volume("backup", "vol01", GiB)])], []),
      new Date("2026-11-25T10:00:00Z"),
    );
    await heartbeat(
      backup.id,
      inventory([group("backup", "backup", [volume("backup", "vol01", GiB)])], []),
      new Date("2026-11-25T10:05:00Z"),
    );

    const [only, ...rest] = await listDiskGroupsEverywhere();
    expect(rest).toEqual([]);
    // backup's word alone is a claim against the holder prod reported first (issue 21, finding 9).
    expect(only).toMatchObject({
      name: "backup",
      owner: "prod",
      volumeCount: 1,
      dataBytes: GiB,
      conflicts: [{ host: "backup", claims: "backup" }],
    });
    expect(only!.seenBy.map((s) => `${s.host}:${s.owner}`)).toEqual(["backup:backup", "prod:prod"]);

    await heartbeat(
      prod.id,
      inventory([group("backup", "backup", [volume("backup", "vol01", GiB)])], []),
      new Date("2026-11-25T10:06:00Z"),
    );
    expect((await listDiskGroupsEverywhere())[0]).toMatchObject({
      owner: "backup",
      ownerSource: "host-report",
      conflicts: [],
    });
  });

  it("drops a host's rows with the host", async () => {
    await heartbeat(
      prod.id,
      inventory([group("production", "prod", [volume("production", "vol01", GiB)])], [set("/san/backup/vol01", null)]),
      new Date(),
    );
    await prisma.host.delete({ where: { id: prod.id } });
    expect([await prisma.diskGroup.count(), await prisma.volume.count(), await prisma.volumeSet.count()]).toEqual([
      0, 0, 0,
    ]);
  });
});
