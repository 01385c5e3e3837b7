// An inventory as a production host with the seed layout reports it, for the runbook lib tests:
// disk group production (vol01… and vol01.bmp…) and disk group backup (shadows and secondary
// bitmaps), with sets of group Backup1 enabled as `enabled` says.
import type { Inventory } from "@/lib/agent-protocol";
import { DSW_GOLDEN } from "@/lib/dsw-flags";

const MiB = 1 << 20;

export function seedInventory(
  opts: { owner?: string; vols?: number; enabled?: number; extra?: string[]; smallBitmap?: boolean } = {},
): Inventory {
  const n = opts.vols ?? 2;
  const names = Array.from({ length: n }, (_, i) => `vol0${i + 1}`);
  const vol = (dg: string, name: string, bytes: number, role: "data" | "bitmap" | null) => ({
    name,
    path: `/san/${dg}/${name}`,
    kind: "file" as const,
    sizeBytes: bytes,
    role,
    usedBy: null,
  });
  const bmp = opts.smallBitmap ? 4096 : 32 * 1024;
  return {
    roots: ["/san"],
    hooks: ["freeze", "thaw"],
    tapeDevices: [],
    svVolumes: [],
    collectedAt: 0,
    diskGroups: [
      {
        name: "production",
        dir: "/san/production",
        owner: "prod",
        importGeneration: 1,
        volumesStarted: true,
        damaged: null,
        volumes: names.flatMap((v) => [
          vol("production", v, 64 * MiB, "data"),
          vol("production", `${v}.bmp`, 32 * 1024, "bitmap"),
        ]),
      },
      {
        name: "backup",
        dir: "/san/backup",
        owner: opts.owner ?? "prod",
        importGeneration: 1,
        volumesStarted: true,
        damaged: null,
        volumes: [
          ...names.flatMap((v) => [vol("backup", v, 64 * MiB, "data"), vol("backup", `${v}.bmp`, bmp, "bitmap")]),
          ...(opts.extra ?? []).map((e) => vol("backup", e, MiB, "data")),
        ],
      },
    ],
    sets: names.slice(0, opts.enabled ?? 0).map((v) => ({
      shadow: `/san/backup/${v}`,
      master: `/san/production/${v}`,
      bitmap: `/san/production/${v}.bmp`,
      mode: "ind" as const,
      group: "Backup1",
      clusterTag: null,
      overflow: null,
      suspended: null,
      flags: DSW_GOLDEN,
      mtime: 0,
      exportId: "",
      sizeFbas: (64 * MiB) / 512,
      chunks: 2048,
      shadowChunksTotal: 2048,
      shadowChunksUsed: 0,
      bitsSet: 0,
      shadowBits: 0,
      copyBits: 0,
      throttle: { unit: 0, delay: 0 },
      changeDetection: "scan" as const,
      progress: null,
    })),
  };
}
