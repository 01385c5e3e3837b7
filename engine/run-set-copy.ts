// One set's copy or update from start (or resume) to end — what II's copy thread does
// (docs/instant-image.md §2.4, §3.5), with scan-based change detection (docs/architecture.md §3):
//   -u s:      one pass over the master writes every chunk that may differ (scan-copy.ts);
//   -u m:      both sides are scanned into S, C := C OR S, S := 0, then C is copied back;
//   -c, -e, -R: every chunk in C is copied (copy.ts), recording digests;
//   end:       clear P and the direction (only P on abort; a volume goes offline on I/O error).
// Used in-process by the agent and by `iiadm --local`'s background worker.
import { readFile, stat, writeFile } from "node:fs/promises";
import { CHUNK_BYTES } from "@/lib/bitmap-size";
import { DSW_COPY_FLAGS, DSW_COPYINGM, DSW_COPYINGP, DSW_MSTOFFLINE, DSW_SHDOFFLINE } from "@/lib/dsw-flags";
import type { CopyProgress } from "@/lib/copy-progress";
import { STATE_SCAN_PENDING } from "./bitmap-header";
import type { ConfigStore } from "./config-store";
import type { Bitmap } from "./bitmap";
import { copyChunks, CopyIoError } from "./copy";
import { DigestFile } from "./digest-file";
import { dsLog } from "./ds-log";
import type { ProgressCounters } from "./io-counters";
import { openSet, type OpenSet } from "./open-set";
import { scanForChanges } from "./scan";
import { scanAndCopy } from "./scan-copy";
import type { Throttle } from "./throttle";
import { digestPath, recordCopyFailure, releaseRun, stampPath } from "./state-files";
import { volumeInfo, writeStamp, type VolumeInfo } from "./volume";
import { extentMapOf } from "./block-sharing";
import { diffExtentMaps, unsharedBytes } from "./extent-map-diff";
import {
  cloneProblem,
  promotePendingClone,
  readSetClones,
  referenceProblem,
  type CloneRecord,
  type SetClones,
} from "./point-in-time-clones";

export interface RunCopyOptions {
  signal?: AbortSignal;
  onProgress?: (p: CopyProgress) => void;
}

export type CopyOutcome = "finished" | "aborted" | "failed";

function toProgress(
  phase: CopyProgress["phase"],
  direction: CopyProgress["direction"],
  p: ProgressCounters,
): CopyProgress {
  return { phase, direction, ...p, updatedAt: Date.now() };
}

/** True when the volume was written since the stamp recorded after our last copy to it. */
async function writtenSinceLastCopy(stateDir: string, setId: string, vol: VolumeInfo): Promise<boolean> {
  const recorded = await readFile(stampPath(stateDir, setId), "utf8").catch(() => null);
  return recorded === null || recorded !== (await writeStamp(vol));
}

/**
 * The chunks an update found (S) join those still to copy: C := C OR S, persisted, then S := 0
 * and the scan is no longer pending. A crash before this repeats the search; after it, the copy
 * resumes from C.
 */
async function commitFoundChanges(set: OpenSet, S: Bitmap, C: Bitmap): Promise<void> {
  C.or(S);
  await set.bitmap.writeBitmap("C", C);
  await set.bitmap.sync();
  S.clearAll();
  await set.bitmap.writeBitmap("S", S);
  await set.bitmap.writeHeader({ state: set.bitmap.header.state & ~STATE_SCAN_PENDING });
}

/**
 * -u m: a chunk must go back to the master when either side changed it since the point in time,
 * so both are scanned; then C := C OR S, S := 0, persisted before the copy (a crash rescans).
 */
async function scanBothSides(
  stateDir: string,
  set: OpenSet,
  digests: DigestFile,
  fresh: boolean,
  opts: RunCopyOptions,
): Promise<void> {
  const h = set.bitmap.header;
  const S = await set.bitmap.readBitmap("S");
  const sizeBytes = h.masterFbas * 512;
  if (fresh) {
    S.setAll(); // no digests to trust: everything may differ
    await dsLog(stateDir, `No chunk digests for ${set.record.shadow}: copying every chunk`);
  } else {
    const report = (p: ProgressCounters) => opts.onProgress?.(toProgress("scanning", "to-master", p));
    for (const volume of [set.master!, set.shadow]) {
      await scanForChanges({ volume, sizeBytes, digests, changed: S, signal: opts.signal, onProgress: report });
    }
  }
  await commitFoundChanges(set, S, await set.bitmap.readBitmap("C"));
}

/**
 * -u s: one pass over the master (or its point-in-time clone) finds and copies every chunk that
 * may differ (scan-copy.ts).
 */
async function updateInOnePass(
  stateDir: string,
  set: OpenSet,
  source: VolumeInfo,
  digests: DigestFile,
  fresh: boolean,
  opts: RunCopyOptions,
  throttle: () => Throttle,
): Promise<void> {
  const h = set.bitmap.header;
  const sizeBytes = h.masterFbas * 512;
  const S = await set.bitmap.readBitmap("S");
  const C = await set.bitmap.readBitmap("C");
  const report = (p: ProgressCounters) => opts.onProgress?.(toProgress("scanning", "to-shadow", p));
  if (fresh) {
    await dsLog(stateDir, `No chunk digests for ${set.record.shadow}: copying every chunk`);
  } else if (await writtenSinceLastCopy(stateDir, set.record.id, set.shadow)) {
    await scanForChanges({
      volume: set.shadow,
      sizeBytes,
      digests,
      changed: S,
      signal: opts.signal,
      onProgress: report,
    });
  }
  S.or(C);
  await scanAndCopy({
    source,
    target: set.shadow,
    sizeBytes,
    digests,
    pending: S,
    signal: opts.signal,
    throttle,
    onProgress: report,
  });
  C.clearAll();
  S.clearAll();
  await set.bitmap.writeBitmap("C", C);
  await set.bitmap.writeBitmap("S", S);
  await set.bitmap.sync();
}

/**
 * -u s of an instant set: the changed chunks are those whose extents differ between the new
 * point-in-time clone and the reference clone (extent-map-diff.ts), plus what someone wrote to
 * the shadow; they go into C, persisted before the copy (a crash resumes from C).
 */
async function findChangesFromExtentMaps(
  stateDir: string,
  set: OpenSet,
  digests: DigestFile,
  fresh: boolean,
  pending: CloneRecord,
  reference: CloneRecord,
  opts: RunCopyOptions,
): Promise<{ extents: number }> {
  const h = set.bitmap.header;
  const sizeBytes = h.masterFbas * 512;
  const S = await set.bitmap.readBitmap("S");
  const C = await set.bitmap.readBitmap("C");
  const started = performance.now();
  if (fresh) {
    // No digests: what someone may have written to the shadow cannot be found, so copy everything.
    S.setAll();
    await dsLog(stateDir, `No chunk digests for ${set.record.shadow}: copying every chunk`);
  } else if (await writtenSinceLastCopy(stateDir, set.record.id, set.shadow)) {
    const report = (p: ProgressCounters) => opts.onProgress?.(toProgress("scanning", "to-shadow", p));
    await scanForChanges({
      volume: set.shadow,
      sizeBytes,
      digests,
      changed: S,
      signal: opts.signal,
      onProgress: report,
    });
  }
  const [current, previous] = await Promise.all([
    extentMapOf(pending.path, "the point-in-time clone"),
    extentMapOf(reference.path, "the reference clone"),
  ]);
  const diff = diffExtentMaps(current, previous, sizeBytes, CHUNK_BYTES, S);
  await commitFoundChanges(set, S, C);
  await dsLog(
    stateDir,
    `Changes of ${set.record.shadow} from extent maps: ${diff.changedChunks} chunks (${diff.changedBytes} bytes) ` +
      `in ${Math.round(performance.now() - started)} ms, ${current.logical.length} extents`,
  );
  return { extents: current.logical.length };
}

/** Says what holds the room when the copy ran out of space on the file system of the set's clones. */
async function spaceHeldByClones(clones: SetClones | null, target: VolumeInfo): Promise<string> {
  if (!clones) return "";
  const held: string[] = [];
  const targetDev = await stat(target.realPath).then(
    (st) => st.dev,
    () => null,
  );
  for (const [what, c] of [
    ["reference clone", clones.reference],
    ["point-in-time clone", clones.pending],
  ] as const) {
    if (!c || c.identity.dev !== targetDev) continue;
    const bytes = await extentMapOf(c.path).then(unsharedBytes, () => null);
    if (bytes === 0) continue;
    held.push(
      `the ${what} ${c.path} holds ${bytes === null ? "an unknown number of" : bytes} bytes the master no longer uses`,
    );
  }
  return held.length ? `; on that file system ${held.join(", and ")}` : "";
}

export async function runSetCopy(
  stateDir: string,
  config: ConfigStore,
  setId: string,
  opts: RunCopyOptions = {},
): Promise<CopyOutcome> {
  const record = (await config.read()).sets.find((s) => s.id === setId);
  if (!record) return "failed";
  const set = await openSet(record, { write: true });
  const h0 = set.bitmap.header;
  const toShadow = (h0.state & DSW_COPYINGM) !== 0;
  // An instant set copies from its point-in-time clone, never from the live master.
  const clones = toShadow && !record.imported ? await readSetClones(stateDir, setId) : null;
  const pending = clones?.pending ?? null;
  let source = toShadow ? set.master! : set.shadow;
  const target = toShadow ? set.shadow : set.master!;
  let how: { kind: "instant" | "scan"; note: string | null } = { kind: "instant", note: null };
  let cloneExtents: number | null = null;
  const what = toShadow ? "to shadow" : "from shadow";
  const { file: digests, fresh } = await DigestFile.openFor(
    digestPath(stateDir, setId),
    h0.generation,
    h0.masterChunks,
  );
  // -P from another shell applies to a running copy, as in II: re-read the throttle each second.
  let throttle = record.throttle;
  const refreshThrottle = setInterval(() => {
    void config.read().then(
      (c) => {
        throttle = c.sets.find((x) => x.id === setId)?.throttle ?? throttle;
      },
      () => {},
    );
  }, 1000);
  let outcome: CopyOutcome = "finished";
  let failure: string | null = null;
  let wentOffline = false;
  try {
    if (pending) {
      const problem = await cloneProblem(pending, "the point-in-time clone");
      if (problem) throw new Error(`${problem}: the point in time it held is lost; run the update (-u s) again`);
      source = await volumeInfo(pending.path, "point-in-time clone");
    }
    const referenceIssue = pending && h0.state & STATE_SCAN_PENDING ? await referenceProblem(clones!, pending) : null;
    if (pending && h0.state & STATE_SCAN_PENDING && !referenceIssue) {
      cloneExtents = (await findChangesFromExtentMaps(stateDir, set, digests, fresh, pending, clones!.reference!, opts))
        .extents;
    }
    if (h0.state & STATE_SCAN_PENDING && toShadow && (!pending || referenceIssue)) {
      how = { kind: "scan", note: referenceIssue ?? null };
      await updateInOnePass(stateDir, set, source, digests, fresh, opts, () => throttle);
    } else {
      if (set.bitmap.header.state & STATE_SCAN_PENDING) await scanBothSides(stateDir, set, digests, fresh, opts);
      const C = await set.bitmap.readBitmap("C");
      const direction = toShadow ? "to-shadow" : "to-master";
      const result = await copyChunks({
        source,
        target,
        sizeBytes: h0.masterFbas * 512,
        copyBitmap: C,
        digests,
        signal: opts.signal,
        persistCopyBitmap: async (from, bytes) => {
          await set.bitmap.writeBitmapBytes("C", from, bytes);
          await set.bitmap.sync();
        },
        throttle: () => throttle,
        onProgress: (p) => opts.onProgress?.(toProgress("copying", direction, p)),
      });
      if (result.aborted) outcome = "aborted";
    }
  } catch (err) {
    if (opts.signal?.aborted && !(err instanceof CopyIoError)) {
      outcome = "aborted";
    } else {
      outcome = "failed";
      failure = (err as Error).message;
      if ((err as { cause?: NodeJS.ErrnoException }).cause?.code === "ENOSPC" || /ENOSPC/.test(failure)) {
        failure += await spaceHeldByClones(clones, target).catch(() => "");
      }
      if (err instanceof CopyIoError) {
        const offline = (err.side === "target") === toShadow ? DSW_SHDOFFLINE : DSW_MSTOFFLINE;
        await set.bitmap.writeHeader({ state: set.bitmap.header.state | offline });
        wentOffline = true;
      }
    }
  }
  try {
    await config.withLock(async () => {
      const state = set.bitmap.header.state;
      // As in II, an I/O error ends the copy with the failing volume offline (only -R goes on
      // from there). Any other failure, like an abort, leaves the direction set ("copy not
      // active") and a pending scan, so the set never looks complete and the next update or
      // copy redoes whatever may be missing.
      const ended = outcome === "finished" || wentOffline;
      const next = ended ? state & ~DSW_COPY_FLAGS & ~STATE_SCAN_PENDING : state & ~DSW_COPYINGP;
      // The cause and the log line first: a waiter (-w) that sees P cleared must find both.
      if (failure) await recordCopyFailure(stateDir, setId, failure);
      const label = outcome === "finished" ? "Finish" : outcome === "aborted" ? "Abort" : "Fail";
      await dsLog(stateDir, `${label} copy ${what} ${record.shadow}${failure ? `: ${failure}` : ""}`);
      await set.bitmap.writeHeader({ state: next });
      // The clone the shadow now equals is the reference the next update diffs against.
      if (outcome === "finished" && pending)
        await promotePendingClone(stateDir, setId, how.kind, how.note, cloneExtents);
      // The shadow's write stamp after our own writes: a later change means someone else wrote it.
      if (outcome === "finished") await writeFile(stampPath(stateDir, setId), await writeStamp(set.shadow));
      // Released under the lock with the header, so no one sees P cleared but a copy still owning the set.
      await releaseRun(stateDir, setId);
    });
  } finally {
    clearInterval(refreshThrottle);
    await digests.close();
    await set.bitmap.close();
  }
  return outcome;
}
