// The host's inventory (lib/agent-protocol inventorySchema): roots, hooks, disk groups with their
// volumes and who uses them, every set's status and the volumes under sv. Sent on the first
// heartbeat, after every job and whenever the console asks.
import { sharingOf } from "@/engine/block-sharing";
import { listDiskGroups } from "@/engine/disk-group-list";
import type { EngineContext } from "@/engine/engine-context";
import type { FreezeGuard } from "./freeze-guard";
import { statusOf } from "@/engine/set-status";
import { svList, volumeInUseReason } from "@/engine/sv";
import { inventorySchema, inventoryVolumeSchema, type Inventory } from "@/lib/agent-protocol";
import type { VolumeSharing } from "@/lib/consistency-mode";

export interface InventorySource {
  engine: EngineContext;
  roots: readonly string[];
  hooks: readonly string[];
  tapeDevices?: readonly string[];
  /** Required: an inventory without it reads as an older agent, whose runbook targets cannot be checked. */
  archiveRoots: readonly string[];
  freezeGuard?: FreezeGuard;
}

export async function collectInventory(src: InventorySource): Promise<Inventory> {
  const groups = await listDiskGroups(src.roots, src.engine.warn);
  const diskGroups = await Promise.all(
    groups.map(async (g) => ({
      name: g.name,
      dir: g.dir,
      owner: g.metadata?.owner ?? null,
      importGeneration: g.metadata?.importGeneration ?? 0,
      volumesStarted: g.metadata?.volumesStarted ?? false,
      damaged: g.damaged,
      volumes: await Promise.all(
        g.volumes.map(async (v) => ({
          name: v.name,
          path: v.path,
          kind: v.kind,
          sizeBytes: v.actualSizeBytes ?? v.sizeBytes,
          role: v.role ?? "data",
          usedBy: await volumeInUseReason(src.engine, v.path),
          ...(v.role === "bitmap" ? {} : await sharingField(v.path)),
        })),
      ),
    })),
  );
  const inventory = {
    roots: [...src.roots],
    hooks: [...src.hooks],
    tapeDevices: [...(src.tapeDevices ?? [])],
    archiveRoots: [...src.archiveRoots],
    diskGroups,
    sets: await statusOf(src.engine, { kind: "all" }),
    svVolumes: await svList(src.engine),
    freeze: src.freezeGuard
      ? {
          frozenSince: src.freezeGuard.state?.since ?? null,
          resumeHook: src.freezeGuard.state?.resumeHook ?? null,
          lastAutoThaw: src.freezeGuard.lastAutoThaw,
        }
      : undefined,
    collectedAt: Date.now(),
  };
  // Checked here so a mismatch is the agent's bug report, not the console's 400.
  return inventorySchema.parse(inventory);
}

/**
 * The file system under a data volume, so the console can tell which consistency mode a set
 * would get before it exists. Cheap after the first report: sharingOf is a stat and a statfs,
 * its clone probe cached per file system and folder. Left out when it cannot be found (a volume
 * gone between listing and looking, an odd reason too long for the protocol): the console then
 * says the mode is decided at enable, and the inventory itself never fails for it.
 */
async function sharingField(volumePath: string): Promise<{ sharing?: VolumeSharing }> {
  try {
    const parsed = inventoryVolumeSchema.shape.sharing.safeParse(await sharingOf(volumePath));
    return parsed.success && parsed.data ? { sharing: parsed.data } : {};
  } catch {
    return {};
  }
}
