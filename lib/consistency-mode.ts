// Which consistency mode a set gets (docs/consistency-modes.md): instant where its master is a
// file on a file system that shares blocks (XFS with reflink, btrfs), scan anywhere else or
// when the operator asks for it. Pure, so the engine at enable and at every update, and the
// console's enable form before a set exists, decide it by the same rule from the same facts.
import type { ConsistencyMode, SharingMechanism } from "./set-status";

/** What a host knows about the file system under one volume. */
export interface VolumeSharing {
  /** The file system's type ("xfs", "btrfs", "ext4", "tmpfs" …), or "block device". */
  filesystem: string;
  /** Identifies the file system holding the volume (its device number), "" for a block device. */
  fsId: string;
  /** How blocks can be shared there; null when they cannot. */
  mechanism: SharingMechanism | null;
  /** Why blocks cannot be shared there; null when they can. */
  reason: string | null;
}

export interface ConsistencyRequest {
  type: "ind" | "dep";
  master: VolumeSharing;
  shadow: VolumeSharing;
  requested: "auto" | "scan";
  masterPath: string;
  shadowPath: string;
}

export type ConsistencyDecision = ConsistencyMode & {
  /** Why such a set must not be enabled at all; null when it may. */
  refusal: string | null;
};

export const INSTANT_NEEDS = "instant mode needs the master to be a file on XFS with reflink or on btrfs";

export function consistencyFor(req: ConsistencyRequest): ConsistencyDecision {
  const scan = (reason: string): ConsistencyDecision => ({
    mode: "scan",
    mechanism: null,
    reason,
    requested: req.requested,
    refusal: null,
  });
  if (req.requested === "scan") return scan("the operator asked for scan mode");
  if (!req.master.mechanism) return scan(`master ${req.masterPath}: ${req.master.reason ?? INSTANT_NEEDS}`);
  if (req.type === "dep" && req.master.fsId !== req.shadow.fsId) {
    // A dependent shadow is a clone of the master: it can only share blocks on the master's file system.
    return {
      mode: "instant",
      mechanism: req.master.mechanism,
      reason: null,
      requested: req.requested,
      refusal:
        `dependent shadow ${req.shadowPath} is on another file system (${req.shadow.filesystem}) than master ` +
        `${req.masterPath} (${req.master.filesystem}): a dependent shadow shares the master's blocks, so it must be a file ` +
        `on the master's file system (or enable the set with scan mode)`,
    };
  }
  return { mode: "instant", mechanism: req.master.mechanism, reason: null, requested: req.requested, refusal: null };
}

/** One line for an operator: "instant (XFS reflink)" or "scan: why". */
export function describeConsistency(mode: Pick<ConsistencyMode, "mode" | "mechanism" | "reason">): string {
  if (mode.mode === "instant")
    return `instant (${mode.mechanism === "btrfs-reflink" ? "btrfs reflink" : "XFS reflink"})`;
  return `scan${mode.reason ? `: ${mode.reason}` : ""}`;
}
