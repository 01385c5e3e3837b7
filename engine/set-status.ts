// Status and list data (docs/instant-image.md §4.1, §4.2): what `iiadm -i` and `-l` show, read from
// the configuration and each set's bitmap volume. A set whose bitmap cannot be brought online is
// reported as suspended with the reason, never guessed at.
import { chunkCount, CHUNK_BYTES } from "@/lib/bitmap-size";
import { DSW_COPYINGP } from "@/lib/dsw-flags";
import type { ConsistencyMode, PointInTimeClone, SetStatus } from "@/lib/set-status";
import { Bitmap } from "./bitmap";
import { extentMapOf } from "./block-sharing";
import { diffExtentMaps, unsharedBytes } from "./extent-map-diff";
import { readSetClones } from "./point-in-time-clones";
import { consistencyForStatus } from "./set-consistency";
import { STATE_SCAN_PENDING } from "./bitmap-header";
import type { SetRecord } from "./config-store";
import type { EngineContext } from "./engine-context";
import { openSet } from "./open-set";
import { pointInTimeOf } from "./point-in-time-check";
import { resolveTarget, type SetTarget } from "./set-target";
import { readProgress } from "./state-files";

function suspendedStatus(record: SetRecord, reason: string): SetStatus {
  return {
    shadow: record.shadow,
    master: record.master,
    bitmap: record.bitmap,
    mode: record.mode === "I" ? "ind" : "dep",
    group: record.group || null,
    clusterTag: record.clusterTag || null,
    overflow: record.overflow || null,
    suspended: reason,
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
    throttle: record.throttle,
    changeDetection: "scan",
    progress: null,
    incomplete: null,
  };
}

export async function setStatus(stateDir: string, record: SetRecord): Promise<SetStatus> {
  let set;
  try {
    set = await openSet(record, { write: false });
  } catch (err) {
    return suspendedStatus(record, (err as Error).message);
  }
  try {
    const h = set.bitmap.header;
    const S = await set.bitmap.readBitmap("S");
    const C = await set.bitmap.readBitmap("C");
    const progress = h.state & DSW_COPYINGP ? await readProgress(stateDir, record.id) : null;
    const pit = await pointInTimeOf(stateDir, record, h.state);
    const decision = await consistencyForStatus(record);
    const consistency: ConsistencyMode = {
      mode: decision.mode,
      mechanism: decision.mechanism,
      reason: decision.reason,
      requested: decision.requested,
    };
    // A dependent shadow that is a clone: what differs from the master now is what its extents say.
    const dependentClone =
      record.mode === "D" && decision.mode === "instant" && set.master
        ? await differingChunks(set.master.realPath, set.shadow.realPath, h.masterFbas * 512, h.masterChunks).catch(
            () => null,
          )
        : null;
    const shadowBits = dependentClone ?? S.count();
    return {
      ...suspendedStatus(record, ""),
      suspended: null,
      flags: h.state & ~STATE_SCAN_PENDING,
      mtime: h.mtime,
      exportId: h.exportId,
      sizeFbas: h.masterFbas,
      chunks: h.masterChunks,
      shadowChunksTotal: chunkCount(h.shadowFbas),
      shadowChunksUsed: 0,
      // An update stopped in its scan had not yet found which chunks differ: any may, until the next scan.
      bitsSet:
        pit.kind === "incomplete" && h.state & STATE_SCAN_PENDING
          ? h.masterChunks
          : (dependentClone ?? S.countUnion(C)),
      shadowBits,
      copyBits: C.count(),
      progress,
      incomplete: pit.kind === "incomplete" ? pit.why : null,
      changeDetection: decision.mode,
      consistency,
      clone: await cloneStatus(stateDir, record.id),
    };
  } finally {
    await set.bitmap.close();
  }
}

/** Chunks whose extents differ between a dependent set's master and its cloned shadow. */
async function differingChunks(master: string, shadow: string, sizeBytes: number, chunks: number): Promise<number> {
  // Flushed first: XFS keeps a write to a shared block in its copy-on-write fork until
  // writeback, and the map would not show it yet. (The kernel would write it back within 30 s.)
  const [m, s] = await Promise.all([extentMapOf(master), extentMapOf(shadow)]);
  return diffExtentMaps(m, s, sizeBytes, CHUNK_BYTES, new Bitmap(chunks)).changedChunks;
}

/** The newest point-in-time clone of an instant set and the room its reference holds. */
async function cloneStatus(stateDir: string, setId: string): Promise<PointInTimeClone | null> {
  const clones = await readSetClones(stateDir, setId);
  const newest = clones.pending ?? clones.reference;
  if (!newest) return null;
  const heldBytes = clones.reference ? await extentMapOf(clones.reference.path).then(unsharedBytes, () => null) : null;
  // A clone still being copied is counted by its copy: until then, the reference's count.
  return {
    takenAt: newest.takenAt,
    cloneMs: newest.cloneMs,
    masterExtents: newest.extents ?? clones.reference?.extents ?? 0,
    heldBytes,
    lastUpdate: clones.lastUpdate,
    lastUpdateNote: clones.lastUpdateNote,
  };
}

export async function statusOf(ctx: EngineContext, target: SetTarget): Promise<SetStatus[]> {
  const records = resolveTarget(await ctx.config.read(), target);
  return Promise.all(records.map((r) => setStatus(ctx.stateDir, r)));
}

export async function listGroups(ctx: EngineContext): Promise<string[]> {
  const groups = (await ctx.config.read()).sets.map((s) => s.group).filter(Boolean);
  return [...new Set(groups)].sort();
}
