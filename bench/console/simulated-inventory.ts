// The inventory a simulated agent reports: one disk group per host with `sets` independent sets
// (master, shadow, bitmap each), shaped as a real agent's (lib/agent-protocol inventorySchema), so
// the console stores, projects and serves it as it would a real host's.
import type { Inventory } from "@/lib/agent-protocol";

const GiB = 1024 ** 3;

export function simulatedInventory(host: string, sets: number, now = Date.now()): Inventory {
  const dir = `/san/${host}`;
  const n = (i: number) => String(i + 1).padStart(2, "0");
  const volumes = Array.from({ length: sets }, (_, i) => [
    { name: `m${n(i)}`, role: "data" as const, sizeBytes: 8 * GiB, usedBy: `enabled in set ${dir}/s${n(i)}` },
    { name: `s${n(i)}`, role: "data" as const, sizeBytes: 8 * GiB, usedBy: `enabled in set ${dir}/s${n(i)}` },
    { name: `b${n(i)}`, role: "bitmap" as const, sizeBytes: 1 << 20, usedBy: `enabled in set ${dir}/s${n(i)}` },
  ]).flat();
  return {
    roots: ["/san"],
    hooks: ["quiesce-db", "resume-db"],
    diskGroups: [
      {
        name: `dg-${host}`,
        dir,
        owner: host,
        importGeneration: 1,
        volumesStarted: true,
        damaged: null,
        volumes: volumes.map((v) => ({ ...v, path: `${dir}/${v.name}`, kind: "file" as const })),
      },
    ],
    tapeDevices: [],
    archiveRoots: ["/archive"],
    sets: Array.from({ length: sets }, (_, i) => ({
      shadow: `${dir}/s${n(i)}`,
      master: `${dir}/m${n(i)}`,
      bitmap: `${dir}/b${n(i)}`,
      mode: "ind" as const,
      group: null,
      clusterTag: null,
      overflow: null,
      suspended: null,
      flags: 0,
      mtime: Math.floor(now / 1000),
      exportId: "",
      sizeFbas: (8 * GiB) / 512,
      chunks: (8 * GiB) / 32768,
      shadowChunksTotal: (8 * GiB) / 32768,
      shadowChunksUsed: (8 * GiB) / 32768,
      bitsSet: 0,
      shadowBits: 0,
      copyBits: 0,
      throttle: { unit: 16, delay: 2 },
      changeDetection: "scan" as const,
      consistency: { mode: "scan" as const, mechanism: null, reason: "simulated host", requested: "auto" as const },
      clone: null,
      progress: null,
      incomplete: null,
    })),
    svVolumes: [],
    collectedAt: now,
  };
}
