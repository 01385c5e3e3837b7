// Whether a set's volumes hold a complete point in time (docs/instant-image.md §2.2 "copy
// not active", §3.6 and §5.5 export preconditions, §6.3 abort, §6.5 offline volumes). The one
// rule that export, copying the shadow back (-c m / -u m), -w and the set status all use, so
// none of them can call a shadow "done" that another would call partial. A copy that ended
// without completing leaves a trace in the header: P cleared but the direction bit (M or S)
// kept ("copy not active": an abort, a failure other than I/O, a lease lost or cancel in the
// middle of an update's scan), or a volume offline (an I/O error). A copy whose process died
// keeps P, and is resumed rather than reported (a crash is not a stop).
import {
  DSW_BMPOFFLINE,
  DSW_COPYINGM,
  DSW_COPYINGP,
  DSW_COPYINGS,
  DSW_MSTOFFLINE,
  DSW_OFFLINE,
  DSW_OVROFFLINE,
  DSW_SHDOFFLINE,
  DSW_COPYING,
} from "@/lib/dsw-flags";
import { STATE_SCAN_PENDING } from "./bitmap-header";
import type { SetRecord } from "./config-store";
import { EngineError } from "./engine-error";
import { readCopyFailure, type CopyFailure } from "./state-files";

/** Which volume does not hold the point in time: restoring from the shadow needs the shadow whole. */
export type IncompleteSide = "shadow" | "master" | "unknown";

export type PointInTime =
  | { kind: "complete" }
  /** A copy runs, or its process died and it will be resumed (P still set). */
  | { kind: "running" }
  | { kind: "incomplete"; side: IncompleteSide; why: string };

/**
 * Why the last copy left a volume short of the point in time, from the header state and the
 * recorded failure; null when the header says nothing is missing or a copy still runs (P).
 */
export function incompleteBecause(
  state: number,
  failure: CopyFailure | null,
): { side: IncompleteSide; why: string } | null {
  const cause = failure ? ` (${failure.message})` : "";
  // Offline comes first: an I/O error ends the copy with P, M and S cleared (§2.4), so the
  // offline bit is all that is left to say the copy did not finish.
  if (state & DSW_BMPOFFLINE)
    return {
      side: "unknown",
      why: `the bitmap volume is offline${cause}, so what was copied is unknown; reset the set with -R`,
    };
  if (state & DSW_SHDOFFLINE || state & DSW_OVROFFLINE) {
    return {
      side: "shadow",
      why: `the shadow volume went offline during the copy${cause}, so the copy to it did not finish; reset the set with -R`,
    };
  }
  if (state & DSW_MSTOFFLINE) {
    // The header does not say which way the copy ran when the master failed: either side may be partial.
    return {
      side: "unknown",
      why: `the master volume went offline during the copy${cause}, so the copy did not finish; reset the set with -R`,
    };
  }
  if (state & DSW_COPYINGP) return null;
  const stopped = failure
    ? `failed${cause}`
    : state & STATE_SCAN_PENDING
      ? "was stopped during its scan (aborted or cancelled)"
      : "was aborted";
  if (state & DSW_COPYINGM) {
    return {
      side: "shadow",
      why: `copy not active: the ${state & STATE_SCAN_PENDING ? "update" : "copy"} to the shadow ${stopped}; the shadow is incomplete until an update (-u s) finishes`,
    };
  }
  if (state & DSW_COPYINGS) {
    return {
      side: "master",
      why: `copy not active: the ${state & STATE_SCAN_PENDING ? "update" : "copy"} to the master ${stopped}; the master is incomplete until a copy to it (-u m) finishes`,
    };
  }
  if (state & STATE_SCAN_PENDING)
    return { side: "unknown", why: "an update stopped before its scan finished; run the update (-u s) again" };
  return null;
}

/** The state of a set's point in time, reading its last failure as needed. */
export async function pointInTimeOf(stateDir: string, record: SetRecord, state: number): Promise<PointInTime> {
  // P decides, not the run file: a copy's worker clears P and the run file together under the
  // config lock, so a reader outside it may see the run file of a copy that has already stopped.
  // P with an offline bit is the instant between a copy's I/O error and its end: not running.
  if (state & DSW_COPYINGP && !(state & DSW_OFFLINE)) return { kind: "running" };
  const failure =
    state & (DSW_COPYING | DSW_OFFLINE | STATE_SCAN_PENDING) ? await readCopyFailure(stateDir, record.id) : null;
  const incomplete = incompleteBecause(state, failure);
  return incomplete ? { kind: "incomplete", ...incomplete } : { kind: "complete" };
}

export interface CompletenessRequirement {
  /** iiadm's first line for the refusal ("Export failed", "Copy failed"). */
  operation: string;
  /** What needs the point in time, for the message ("export", "copy the shadow to the master"). */
  use: string;
  /** Which volume must hold the point in time: the shadow (restore) or both (export). */
  needs: "shadow" | "both";
}

/**
 * Refuses, naming the set and why, when the set's shadow is not the complete point in time that
 * `req.use` needs: a copy running (DSW_ECOPYING) or one that stopped short (DSW_EINCOMPLETE).
 */
export async function assertCompletePointInTime(
  stateDir: string,
  record: SetRecord,
  state: number,
  req: CompletenessRequirement,
): Promise<void> {
  const pit = await pointInTimeOf(stateDir, record, state);
  if (pit.kind === "running") {
    throw new EngineError(
      "DSW_ECOPYING",
      `${record.shadow}: can't ${req.use}: the shadow is not fully copied, a copy is in progress (wait for it with -w)`,
      req.operation,
    );
  }
  if (pit.kind === "incomplete" && (req.needs === "both" || pit.side !== "master")) {
    throw new EngineError(
      "DSW_EINCOMPLETE",
      `${record.shadow}: can't ${req.use}: the shadow is not fully copied (not a complete point in time): ${pit.why}`,
      req.operation,
    );
  }
}
