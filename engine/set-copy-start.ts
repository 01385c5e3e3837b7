// Starting a copy or update (iiadm -c / -u, instant-image.md §2.3, §2.4, §3.5, §5.3): checks
// every named set first, so a refusal changes nothing; then marks each set's header (one
// point-in-time time for all of them, as one atomic II call would) and starts the copies.
import {
  DSW_COPYINGM, DSW_COPYINGP, DSW_COPYINGS, DSW_GOLDEN, DSW_OFFLINE, DSW_SHDEXPORT, DSW_SHDIMPORT, DSW_TREEMAP,
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

export interface CopyStartRequest {
  target: SetTarget;
  direction: "s" | "m";
  /** -c (every chunk) rather than -u (changed chunks). */
  full: boolean;
  /** -p: record the caller's parent as owner of the point in time (§6.2). */
  pidLock?: number;
  /** The pid asking (its parent's pid for -p checks). */
  callerPid?: number;
}

async function checkSet(ctx: EngineContext, set: OpenSet, req: CopyStartRequest, failed: string): Promise<void> {
  const h = set.bitmap.header;
  const name = set.record.shadow;
  if (h.state & DSW_COPYINGP || (await liveRunOwner(ctx.stateDir, set.record.id))) {
    throw new EngineError("DSW_ECOPYING", `${name}: Copy already in progress`, "precheck");
  }
  if (h.state & (DSW_SHDEXPORT | DSW_SHDIMPORT)) {
    throw new EngineError("DSW_EISEXPORTED", `${name}: shadow volume is ${h.state & DSW_SHDEXPORT ? "exported" : "imported"}`, failed);
  }
  // Copying a partial shadow onto the master would destroy the master's data with it.
  if (req.direction === "m") {
    await assertCompletePointInTime(ctx.stateDir, set.record, h.state, { operation: failed, use: "copy the shadow to the master", needs: "shadow" });
  }
  if (h.state & DSW_OFFLINE) throw new EngineError("DSW_EOFFLINE", `${name}: a volume of the set is offline (reset it with -R)`, failed);
  const wrongWay = req.direction === "s" ? DSW_COPYINGS : DSW_COPYINGM;
  if (h.state & wrongWay) {
    throw new EngineError("DSW_ECOPYING", `${name}: an incomplete copy ${req.direction === "s" ? "to master" : "to shadow"} must finish first`, failed);
  }
  if (set.record.lockPid && set.record.lockPid !== req.callerPid) {
    throw new EngineError("DSW_EINUSE", `${name}: point in time is locked by process ${set.record.lockPid}`, failed);
  }
  const target = req.direction === "s" ? set.shadow : set.master!;
  const mountedAt = await findMountPoint(target);
  if (mountedAt) throw new EngineError("DSW_EMOUNTED", `${name}: target of copy/update ${target.path} is mounted on ${mountedAt}`, failed);
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
        if (new Set(masters).size !== masters.length) throw new EngineError("DSW_EINVAL", "two sets of this restore share one master", failed);
        for (const other of config.sets) {
          if (masters.includes(other.master) && !records.includes(other)) {
            const busy = await openSet(other, { write: false }).then(async (o) => {
              const s = o.bitmap.header.state;
              await o.bitmap.close();
              return (s & DSW_COPYINGS) !== 0;
            }, () => false);
            if (busy) throw new EngineError("DSW_ECOPYING", `another shadow of master ${other.master} (${other.shadow}) is copying to it`, failed);
          }
        }
      }
      const mtime = Math.floor(Date.now() / 1000);
      const toCopy: string[] = [];
      for (const set of sets) {
        const h = set.bitmap.header;
        const independent = (h.state & DSW_GOLDEN) !== 0;
        const S = await set.bitmap.readBitmap("S");
        const C = await set.bitmap.readBitmap("C");
        // Dependent -u s (and -c s on a compact shadow) is instantaneous: a new point in time.
        if (req.direction === "s" && !independent && (!req.full || h.state & DSW_TREEMAP)) {
          S.clearAll();
          await set.bitmap.writeBitmap("S", S);
          await set.bitmap.writeHeader({ mtime });
          continue;
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
        await set.bitmap.writeHeader({ state, mtime: req.direction === "s" ? mtime : h.mtime });
        if (req.pidLock) set.record.lockPid = req.pidLock;
        toCopy.push(set.record.id);
      }
      const names = records.map((r) => r.shadow).join(" ");
      await dsLog(ctx.stateDir, `Start ${verb} ${req.direction === "s" ? "to shadow" : "to master"} ${names}`);
      if (toCopy.length) afterCommit(() => ctx.launcher.start(toCopy));
      return records;
    } finally {
      for (const set of sets) await set.bitmap.close();
    }
  });
}
