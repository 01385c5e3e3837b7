// An inventory at the limits of lib/inventory-limits.ts, as the largest host allowed would report
// it: every disk group, volume and set the limits admit, with device-style paths, "busy" reasons
// and set statuses of realistic length. For the tests that store it and measure what it costs.
import type { Inventory } from "@/lib/agent-protocol";
import { MAX_DISK_GROUPS, MAX_SETS, MAX_VOLUMES_PER_HOST } from "@/lib/inventory-limits";

const GiB = 1024 ** 3;

/**
 * `reasonLength` pads every volume's "busy" reason, to bring the body near the byte limit
 * (lib/request-limits.ts) with the counts at their limits: the costliest report the console takes.
 */
export function largestInventory(opts: {
  owner: string;
  collectedAt: number;
  revision?: number;
  reasonLength?: number;
}): Inventory {
  const perGroup = MAX_VOLUMES_PER_HOST / MAX_DISK_GROUPS;
  const groupName = (g: number) => `oradg${String(g).padStart(4, "0")}`;
  const volumePath = (g: number, v: number) =>
    `/dev/vx/dsk/${groupName(g)}/${groupName(g)}_vol${String(v).padStart(3, "0")}`;
  const diskGroups = Array.from({ length: MAX_DISK_GROUPS }, (_, g) => ({
    name: groupName(g),
    dir: `/dev/vx/dsk/${groupName(g)}`,
    owner: opts.owner,
    importGeneration: 7,
    volumesStarted: true,
    damaged: null,
    volumes: Array.from({ length: perGroup }, (_, v) => ({
      name: `${groupName(g)}_vol${String(v).padStart(3, "0")}`,
      path: volumePath(g, v),
      kind: "block" as const,
      sizeBytes: (v + 1) * 64 * GiB,
      role: "data" as const,
      // The revision changes one reason per report, as a set enabled between two reports would.
      usedBy: (g === 0 && v === 0 && opts.revision
        ? `enabled in set ${volumePath(1, 0)} (revision ${opts.revision})`
        : `mounted on /oracle/${groupName(g)}/data${v}`
      ).padEnd(opts.reasonLength ?? 0, "."),
    })),
  }));
  const sets = Array.from({ length: MAX_SETS }, (_, i) => ({
    shadow: `${volumePath(i, 1)}_shadow`,
    master: volumePath(i, 0),
    bitmap: `${volumePath(i, 0)}_bmp`,
    mode: "ind" as const,
    group: `ora-backup-${Math.floor(i / 50)}`,
    clusterTag: null,
    overflow: null,
    suspended: null,
    flags: 0x2,
    mtime: 1_765_000_000,
    exportId: "",
    sizeFbas: 134_217_728,
    chunks: 2_097_152,
    shadowChunksTotal: 2_097_152,
    shadowChunksUsed: 1_048_576,
    bitsSet: i === 0 ? (opts.revision ?? 0) : 12_345,
    shadowBits: 12_345,
    copyBits: 0,
    throttle: { unit: 256, delay: 2 },
    changeDetection: "scan" as const,
    progress: null,
  }));
  return {
    roots: ["/dev/vx/dsk"],
    hooks: ["ora-freeze", "ora-thaw"],
    tapeDevices: ["/dev/nst0"],
    svVolumes: [],
    diskGroups,
    sets,
    collectedAt: opts.collectedAt,
  };
}
