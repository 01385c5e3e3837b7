// Figures the instant-mode section reads from the system and from the engine's own log: bytes a
// block device has read (/sys/block/<dev>/stat) and the engine's extent-map diff line in ds.log.
// Pure text parsing, unit-tested in instant-figures.test.ts.

/**
 * Bytes read by a block device since it appeared, from the text of /sys/block/<dev>/stat:
 * field 3 is sectors read, in 512-byte units whatever the device's block size
 * (Documentation/block/stat.rst).
 */
export function bytesReadFromStat(statText: string): number {
  const fields = statText.trim().split(/\s+/);
  const sectors = Number(fields[2]);
  if (fields.length < 11 || !Number.isSafeInteger(sectors) || sectors < 0) {
    throw new Error(`unexpected /sys/block/<dev>/stat contents: '${statText.trim()}'`);
  }
  return sectors * 512;
}

/** ds.log's "Changes of SHADOW from extent maps: N chunks (B bytes) in T ms, E extents". */
export interface ExtentDiffLine {
  chunks: number;
  bytes: number;
  ms: number;
  /** Extents of the point-in-time clone, i.e. of the master when it was taken. */
  extents: number;
}

const DIFF_LINE = /Changes of (.+?) from extent maps: (\d+) chunks \((\d+) bytes\) in (\d+) ms, (\d+) extents/;

/**
 * The extent-map diff of the last update of `shadow` logged in `dsLog`: the "Changes of …" line
 * after the last "Start update" that names the shadow; null when that update did not diff
 * extent maps (it read its clone instead, or it has not got that far).
 */
export function lastExtentDiff(dsLog: string, shadow: string): ExtentDiffLine | null {
  const lines = dsLog.split("\n");
  const start = lines.findLastIndex((l) => l.includes(" ii: Start update ") && l.includes(shadow));
  if (start < 0) return null;
  for (const line of lines.slice(start + 1)) {
    const m = DIFF_LINE.exec(line);
    if (m && m[1] === shadow)
      return { chunks: Number(m[2]), bytes: Number(m[3]), ms: Number(m[4]), extents: Number(m[5]) };
  }
  return null;
}

/** filefrag's "FILE: N extents found" (or "1 extent found"). */
export function extentsFromFilefrag(output: string): number | null {
  const m = /:\s+(\d+) extents? found/.exec(output);
  return m ? Number(m[1]) : null;
}
