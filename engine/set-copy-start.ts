// Starting a copy or update (iiadm -c / -u, docs/instant-image.md §2.3, §2.4, §3.5, §5.3): checks
// every named set first, so a refusal changes nothing; then marks each set's header (one
// point-in-time time for all of them, as one atomic II call would) and starts the copies.
import {
  DSW_COPYINGM,
  DSW_COPYINGP,
  DSW_COPYINGS,
  DSW_GOLDEN,
  DSW_OFFLINE,
  DSW_SHDEXPORT,
  DSW_SHDIMPORT,
  DSW_TREEMAP,
} from "@/lib/dsw-flags";
import { STATE_SCAN_PENDING } from "./bitmap-header";
import type { SetRecord } from "./config-store";
import { dsLog } from "./ds-log";
import type { EngineContext } from "./engine-context";
import { EngineError } from "./engine-error";
import { findMountPoint } from "./mounts";
import { openSet, type OpenSet } from "./open-set";
import { assertCompletePointInTime } from "./point-in-time-check";
import { liveRunOwner } from "./state-files";
import { resolveTarget, type SetTarget } from "./set-target";
import { rm, truncate } from "node:fs/promises";
import { cloneFile } from "./block-sharing";
import {
  readSetClones,
  referenceProblem,
  releaseSetClones,
  removeOrphanClones,
  setPendingClone,
  takeClone,
  type CloneRecord,
} from "./point-in-time-clones";
import { consistencyOfSet } from "./set-consistency";
import type { ConsistencyDecision } from "@/lib/consistency-mode";

/** How each set's point in time was taken by a copy or update to the shadow. */
export interface PointInTimeTaken {
  set: string;
  mode: "instant" | "scan";
  /** How long the clone took; null in scan mode (the point in time is the copy itself). */
  cloneMs: number | null;
}

export interface CopyStartRequest {
  target: SetTarget;
  direction: "s" | "m";
  /** -c (every chunk) rather than -u (changed chunks). */
  full: boolean;
  /** -p: record the caller's parent as owner of the point in time (§6.2). */
  pidLock?: number;
  /** The pid asking (its parent's pid for -p checks). */
  callerPid?: number;
  /** Told, before the copies start, how each set's point in time was taken (to the shadow only). */
  onPointInTime?: (taken: PointInTimeTaken[]) => void;
}

async function checkSet(ctx: EngineContext, set: OpenSet, req: CopyStartRequest, failed: string): Promise<void> {
  const h = set.bitmap.header;
  const name = set.record.shadow;
  if (h.state & DSW_COPYINGP || (await liveRunOwner(ctx.stateDir, set.record.id))) {
    throw new EngineError("DSW_ECOPYING", `${name}: Copy already in progress`, "precheck");
  }
  if (h.state & (DSW_SHDEXPORT | DSW_SHDIMPORT)) {
    throw new EngineError(
      "DSW_EISEXPORTED",
      `${name}: shadow volume is ${h.state & DSW_SHDEXPORT ? "exported" : "imported"}`,
      failed,
    );
  }
  // Copying a partial shadow onto the master would destroy the master's data with it.
  if (req.direction === "m") {
    await assertCompletePointInTime(ctx.stateDir, set.record, h.state, {
      operation: failed,
      use: "copy the shadow to the master",
      needs: "shadow",
    });
  }
  if (h.state & DSW_OFFLINE)
    throw new EngineError("DSW_EOFFLINE", `${name}: a volume of the set is offline (reset it with -R)`, failed);
  const wrongWay = req.direction === "s" ? DSW_COPYINGS : DSW_COPYINGM;
  if (h.state & wrongWay) {
    throw new EngineError(
      "DSW_ECOPYING",
      `${name}: an incomplete copy ${req.direction === "s" ? "to master" : "to shadow"} must finish first`,
      failed,
    );
  }
  if (set.record.lockPid && set.record.lockPid !== req.callerPid) {
    throw new EngineError("DSW_EINUSE", `${name}: point in time is locked by process ${set.record.lockPid}`, failed);
  }
  const target = req.direction === "s" ? set.shadow : set.master!;
  const mountedAt = await findMountPoint(target);
  if (mountedAt)
    throw new EngineError(
      "DSW_EMOUNTED",
      `${name}: target of copy/update ${target.path} is mounted on ${mountedAt}`,
      failed,
    );
}

export async function startCopy(ctx: EngineContext, req: CopyStartRequest): Promise<SetRecord[]> {
  const verb = req.full ? "copy" : "update";
  return ctx.config.update(async (config, afterCommit) => {
    const records = resolveTarget(config, req.target);
    // iiadm says "Copy failed" for one set, copy or update alike, and "Update failed" for several (§9).
    const failed = records.length > 1 || req.target.kind === "group" ? "Update failed" : "Copy failed";
    const sets: OpenSet[] = [];
    try {
      for (const record of records) {
        const set = await openSet(record, { write: true }).catch((err: Error) => {
          throw new EngineError("DSW_EHDRBMP", `shadow group ${record.shadow} suspended: ${err.message}`, failed);
        });
        sets.push(set);
        await checkSet(ctx, set, req, failed);
      }
      if (req.direction === "m") {
        const masters = sets.map((s) => s.record.master);
        if (new Set(masters).size !== masters.length)
          throw new EngineError("DSW_EINVAL", "two sets of this restore share one master", failed);
        for (const other of config.sets) {
          if (masters.includes(other.master) && !records.includes(other)) {
            const busy = await openSet(other, { write: false }).then(
              async (o) => {
                const s = o.bitmap.header.state;
                await o.bitmap.close();
                return (s & DSW_COPYINGS) !== 0;
              },
              () => false,
            );
            if (busy)
              throw new EngineError(
                "DSW_ECOPYING",
                `another shadow of master ${other.master} (${other.shadow}) is copying to it`,
                failed,
              );
          }
        }
      }
      const decisions = await Promise.all(sets.map((set) => consistencyOfSet(set.record)));
      // Every check has passed: now the points in time, all taken together (one freeze covers a group).
      const points = await takePointsInTime(ctx, sets, decisions, req, failed);
      const mtime = Math.floor(Date.now() / 1000);
      const toCopy: string[] = [];
      const taken: PointInTimeTaken[] = [];
      for (const [i, set] of sets.entries()) {
        try {
          const h = set.bitmap.header;
          const independent = (h.state & DSW_GOLDEN) !== 0;
          const decision = decisions[i]!;
          const point = points[i] ?? null;
          const clone = point?.kind === "clone" ? point.clone : null;
          const S = await set.bitmap.readBitmap("S");
          const C = await set.bitmap.readBitmap("C");
          if (point?.kind === "dependent") {
            // An instant dependent set: the clone made the shadow (or the master) the point in time.
            S.clearAll();
            await set.bitmap.writeBitmap("S", S);
            await set.bitmap.writeHeader({ mtime: req.direction === "s" ? Math.floor(point.takenAt / 1000) : h.mtime });
            if (req.direction === "s") taken.push({ set: set.record.shadow, mode: "instant", cloneMs: point.cloneMs });
            continue;
          }
          // Dependent -u s (and -c s on a compact shadow) is instantaneous: a new point in time.
          if (req.direction === "s" && !independent && (!req.full || h.state & DSW_TREEMAP)) {
            S.clearAll();
            await set.bitmap.writeBitmap("S", S);
            await set.bitmap.writeHeader({ mtime });
            continue;
          }
          if (req.direction === "s") {
            taken.push({ set: set.record.shadow, mode: clone ? "instant" : "scan", cloneMs: clone?.cloneMs ?? null });
            if (clone) {
              if (!req.full) await warnIfUpdateScans(ctx, set, clone);
              await setPendingClone(ctx.stateDir, set.record.id, clone);
            } else if (decision.mode === "scan") {
              await dropClones(ctx, set, decision);
            }
          }
          const dirFlag = req.direction === "s" ? DSW_COPYINGM : DSW_COPYINGS;
          let state = h.state | DSW_COPYINGP | dirFlag;
          if (req.full) {
            C.setAll();
            S.clearAll();
            await set.bitmap.writeBitmap("C", C);
            await set.bitmap.writeBitmap("S", S);
            state &= ~STATE_SCAN_PENDING;
          } else {
            state |= STATE_SCAN_PENDING; // C := C OR S happens after the scan, in the copy run
          }
          await set.bitmap.sync();
          const pitTime = clone ? Math.floor(clone.takenAt / 1000) : mtime;
          await set.bitmap.writeHeader({ state, mtime: req.direction === "s" ? pitTime : h.mtime });
          if (req.pidLock) set.record.lockPid = req.pidLock;
          toCopy.push(set.record.id);
        } catch (err) {
          // The clones not yet recorded hold blocks for nobody; what failed is named, with the set.
          for (const p of points.slice(i)) if (p?.kind === "clone") await rm(p.clone.path, { force: true });
          if (err instanceof EngineError) throw err;
          throw new EngineError(
            "DSW_EIO",
            `${set.record.shadow}: ${(err as Error).message} (bitmap volume ${set.record.bitmap})`,
            failed,
          );
        }
      }
      const names = records.map((r) => r.shadow).join(" ");
      await dsLog(ctx.stateDir, `Start ${verb} ${req.direction === "s" ? "to shadow" : "to master"} ${names}`);
      if (taken.length) req.onPointInTime?.(taken);
      if (toCopy.length) afterCommit(() => ctx.launcher.start(toCopy));
      return records;
    } finally {
      for (const set of sets) await set.bitmap.close();
    }
  });
}

/** An instant set's new point in time: a clone of its master, or (dependent) the cloned volume itself. */
type Taken =
  | { kind: "clone"; clone: CloneRecord; cloneMs: number; takenAt: number }
  | { kind: "dependent"; cloneMs: number; takenAt: number };

/**
 * The point in time of each instant set: a clone of the master that the copy will read, for an
 * independent set; for a dependent one the shadow becomes a clone of the master (or, copying
 * back, the master of the shadow). Null for a set in scan mode, whose point in time is the copy.
 */
async function takePointsInTime(
  ctx: EngineContext,
  sets: OpenSet[],
  decisions: ConsistencyDecision[],
  req: CopyStartRequest,
  failed: string,
): Promise<(Taken | null)[]> {
  const out: (Taken | null)[] = [];
  try {
    for (const [i, set] of sets.entries()) {
      const decision = decisions[i]!;
      const independent = (set.bitmap.header.state & DSW_GOLDEN) !== 0;
      if (decision.mode !== "instant" || !decision.mechanism || !set.master || (independent && req.direction !== "s")) {
        out.push(null);
        continue;
      }
      if (!independent) {
        const [from, to] = req.direction === "s" ? [set.master, set.shadow] : [set.shadow, set.master];
        const { ms } = await cloneFile(from.realPath, to.realPath, { create: false });
        // The target keeps its size: a larger shadow keeps its tail (II's resized shadow).
        if (to.sizeBytes > from.sizeBytes) await truncate(to.realPath, to.sizeBytes);
        out.push({ kind: "dependent", cloneMs: Math.round(ms * 10) / 10, takenAt: Date.now() });
        continue;
      }
      await removeOrphanClones(ctx.stateDir, set.record.id, set.master.realPath);
      const clone = await takeClone(set.record.id, set.master.realPath, decision.mechanism);
      out.push({ kind: "clone", clone, cloneMs: clone.cloneMs, takenAt: clone.takenAt });
    }
  } catch (err) {
    // Nothing starts when one set cannot have its point in time; release the clones already taken.
    for (const t of out) if (t?.kind === "clone") await rm(t.clone.path, { force: true });
    const set = sets[out.length]!;
    throw new EngineError(
      "DSW_EIO",
      `${set.record.shadow}: taking the point in time failed: ${(err as Error).message}`,
      failed,
    );
  }
  return out;
}

/** Says, before the copy starts, when an instant update will have to read its clone to find the changes. */
async function warnIfUpdateScans(ctx: EngineContext, set: OpenSet, clone: CloneRecord): Promise<void> {
  const why = await referenceProblem(await readSetClones(ctx.stateDir, set.record.id), clone);
  if (!why) return;
  const note = `${set.record.shadow}: this update reads its point-in-time clone to find the changed chunks (extent maps cannot be trusted): ${why}`;
  ctx.warn(note);
  await dsLog(ctx.stateDir, note);
}

/** A set now in scan mode releases the clones an instant past left: they only hold blocks. */
async function dropClones(ctx: EngineContext, set: OpenSet, decision: ConsistencyDecision): Promise<void> {
  const clones = await readSetClones(ctx.stateDir, set.record.id);
  if (!clones.reference && !clones.pending) return;
  await releaseSetClones(ctx.stateDir, set.record.id);
  const note = `${set.record.shadow}: scan mode (${decision.reason}); its point-in-time clones were released`;
  ctx.warn(note);
  await dsLog(ctx.stateDir, note);
}
