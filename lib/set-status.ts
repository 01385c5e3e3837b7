// The status data of one volume set: what `iiadm -i` prints (docs/instant-image.md §4.1) plus the
// figures the console needs (copy progress, change-detection mode). Produced by the engine,
// carried by the agent protocol, rendered by the CLI and the console.
import type { CopyProgress } from "./copy-progress";

export type SetMode = "ind" | "dep";

/**
 * How the set takes its point in time and learns which chunks changed (docs/consistency-modes.md):
 * "instant" clones the master (the clone is the point in time) and diffs extent maps; "scan"
 * hashes the master, and is a point in time only while the application stays quiesced.
 */
export type ChangeDetection = "scan" | "instant";

/** The block-sharing mechanism behind instant mode. */
export type SharingMechanism = "xfs-reflink" | "btrfs-reflink";

/** A set's consistency mode as found at enable and re-checked at every update. */
export interface ConsistencyMode {
  mode: ChangeDetection;
  mechanism: SharingMechanism | null;
  /** Why the set is in scan mode, in words an operator acts on; null in instant mode. */
  reason: string | null;
  /** What the operator asked for: "auto" takes instant where the volumes allow it. */
  requested: "auto" | "scan";
}

/** The reference clone of an instant set: its point in time and what it costs. */
export interface PointInTimeClone {
  /** When the clone was taken (the point in time), ms since the epoch. */
  takenAt: number;
  /** How long the clone took (the application's freeze, when it is quiesced around it). */
  cloneMs: number;
  /** Extents of the master when it was cloned: clone time grows with them. */
  masterExtents: number;
  /** Bytes only the reference clone holds (the master has moved on from them); null if unknown. */
  heldBytes: number | null;
  /** How the last update found the changed chunks, and why it scanned when it did. */
  lastUpdate: "instant" | "scan" | null;
  lastUpdateNote: string | null;
}

export interface SetStatus {
  /** Set name: the shadow volume path. */
  shadow: string;
  /** Master path, or "<imported_shadow>" for an imported set. */
  master: string;
  bitmap: string;
  mode: SetMode;
  group: string | null;
  clusterTag: string | null;
  overflow: string | null;
  /** The set is configured but its bitmap could not be brought online; why. */
  suspended: string | null;
  /** DSW_* flag bits (lib/dsw-flags.ts). */
  flags: number;
  /** Point-in-time time, seconds since the epoch; 0 = unknown. */
  mtime: number;
  /**
   * The export the set's bitmap belongs to: an exported set's current export, or the export an
   * imported set came from; "" when none or unknown.
   */
  exportId: string;
  /** Set size in 512-byte blocks. */
  sizeFbas: number;
  chunks: number;
  shadowChunksTotal: number;
  shadowChunksUsed: number;
  /** Bits set in S OR C. */
  bitsSet: number;
  shadowBits: number;
  copyBits: number;
  throttle: { unit: number; delay: number };
  changeDetection: ChangeDetection;
  /** Mode, mechanism and why; absent from agents older than instant mode (read as scan). */
  consistency?: ConsistencyMode;
  /** The reference clone of an instant set; null when there is none. */
  clone?: PointInTimeClone | null;
  progress: CopyProgress | null;
  /**
   * Why the set's last copy stopped without completing, so a volume is not the point in time
   * (aborted, failed, a volume offline, stopped during its scan); null when the point in time
   * is complete or a copy runs. Absent from agents older than it: read absent as unknown.
   */
  incomplete?: string | null;
}

/** II's "Percent of bitmap set": floor(100 × set / chunks), forced to 0 under 100 chunks. */
export function percentOfBitmapSet(status: Pick<SetStatus, "bitsSet" | "chunks">): number {
  if (status.chunks < 100) return 0;
  return Math.floor((100 * status.bitsSet) / status.chunks);
}
