// The status data of one volume set: what `iiadm -i` prints (instant-image.md §4.1) plus the
// figures the console needs (copy progress, change-detection mode). Produced by the engine,
// carried by the agent protocol, rendered by the CLI and the console.

export type SetMode = "ind" | "dep";

/** How the set learns which chunks changed (design.md §3). */
export type ChangeDetection = "scan";

export interface CopyProgress {
  phase: "scanning" | "copying";
  direction: "to-shadow" | "to-master";
  chunksDone: number;
  chunksTotal: number;
  bytesDone: number;
  bytesTotal: number;
  rateBytesPerSec: number;
  etaSeconds: number | null;
  updatedAt: number;
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
