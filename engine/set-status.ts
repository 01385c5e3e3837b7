// Status and list data (instant-image.md §4.1, §4.2): what `iiadm -i` and `-l` show, read from
// the configuration and each set's bitmap volume. A set whose bitmap cannot be brought online is
// reported as suspended with the reason, never guessed at.
import { chunkCount } from "@/lib/bitmap-size";
import { DSW_COPYINGP } from "@/lib/dsw-flags";
import type { SetStatus } from "@/lib/set-status";
import { STATE_SCAN_PENDING } from "./bitmap-header";
import type { SetRecord } from "./config-store";
import type { EngineContext } from "./engine-context";
import { openSet } from "./open-set";
import { pointInTimeOf } from "./point-in-time-check";
import { resolveTarget, type SetTarget } from "./set-target";
import { readProgress } from "./state-files";

function suspendedStatus(record: SetRecord, reason: string): SetStatus {
  return {
    shadow: record.shadow, master: record.master, bitmap: record.bitmap, mode: record.mode === "I" ? "ind" : "dep",
    group: record.group || null, clusterTag: record.clusterTag || null, overflow: record.overflow || null,
    suspended: reason, flags: 0, mtime: 0, exportId: "", sizeFbas: 0, chunks: 0, shadowChunksTotal: 0, shadowChunksUsed: 0,
    bitsSet: 0, shadowBits: 0, copyBits: 0, throttle: record.throttle, changeDetection: "scan", progress: null, incomplete: null,
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
    return {
      ...suspendedStatus(record, ""), suspended: null, flags: h.state & ~STATE_SCAN_PENDING, mtime: h.mtime, exportId: h.exportId,
      sizeFbas: h.masterFbas,
      chunks: h.masterChunks, shadowChunksTotal: chunkCount(h.shadowFbas), shadowChunksUsed: 0,
      // An update stopped in its scan had not yet found which chunks differ: any may, until the next scan.
      bitsSet: pit.kind === "incomplete" && h.state & STATE_SCAN_PENDING ? h.masterChunks : S.countUnion(C), shadowBits: S.count(), copyBits: C.count(), progress,
      incomplete: pit.kind === "incomplete" ? pit.why : null,
    };
  } finally {
    await set.bitmap.close();
  }
}

export async function statusOf(ctx: EngineContext, target: SetTarget): Promise<SetStatus[]> {
  const records = resolveTarget(await ctx.config.read(), target);
  return Promise.all(records.map((r) => setStatus(ctx.stateDir, r)));
}

export async function listGroups(ctx: EngineContext): Promise<string[]> {
  const groups = (await ctx.config.read()).sets.map((s) => s.group).filter(Boolean);
  return [...new Set(groups)].sort();
}
