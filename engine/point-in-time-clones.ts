// The clones of an instant set (docs/consistency-modes.md). Each update clones the master: that
// clone is the point in time ("pending" while the copy to the shadow reads from it), and once
// the copy has finished it becomes the "reference" the next update diffs against, and the old
// reference is released. The record lives in the state dir; the clones live next to the master,
// in a hidden folder on its file system (a clone cannot cross file systems).
//
// Never too little: a diff is only as good as the reference. Before every diff the reference
// must be the very file recorded (file system, inode, generation, size, change time) and both
// clones taken from the same master file; anything else makes the update scan and say why.
import { randomBytes } from "node:crypto";
import { chmod, mkdir, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import type { SharingMechanism } from "@/lib/set-status";
import { cloneFile, extentMapOf, identityOfPath, type FileIdentity } from "./block-sharing";
import { writeJsonDurably, fsyncDir } from "./write-json-durably";

export interface CloneRecord {
  path: string;
  identity: FileIdentity;
  /** The master it was cloned from. */
  master: FileIdentity;
  mechanism: SharingMechanism;
  takenAt: number;
  cloneMs: number;
  /**
   * Extents of the clone (the master's when it was taken): counted by the copy, not while the
   * application is frozen for the clone; null until then.
   */
  extents: number | null;
}

export interface SetClones {
  reference: CloneRecord | null;
  pending: CloneRecord | null;
  lastUpdate: "instant" | "scan" | null;
  /** Why the last update scanned, when it did. */
  lastUpdateNote: string | null;
}

const NONE: SetClones = { reference: null, pending: null, lastUpdate: null, lastUpdateNote: null };
const clonesFile = (stateDir: string, setId: string) => path.join(stateDir, "clones", `${setId}.json`);
export const CLONE_DIR_NAME = ".pitcrew-clones";

export async function readSetClones(stateDir: string, setId: string): Promise<SetClones> {
  const text = await readFile(clonesFile(stateDir, setId), "utf8").catch(() => null);
  if (text === null) return { ...NONE };
  // A damaged record is no reference: the next update scans.
  try {
    return { ...NONE, ...(JSON.parse(text) as Partial<SetClones>) };
  } catch {
    return { ...NONE, lastUpdateNote: "the clone record was damaged" };
  }
}

async function writeSetClones(stateDir: string, setId: string, clones: SetClones): Promise<void> {
  const file = clonesFile(stateDir, setId);
  await mkdir(path.dirname(file), { recursive: true });
  await writeJsonDurably(file, clones);
}

/** Takes the point in time: a clone of the master next to it, recorded before it is used. */
export async function takeClone(setId: string, masterPath: string, mechanism: SharingMechanism): Promise<CloneRecord> {
  const dir = path.join(path.dirname(masterPath), CLONE_DIR_NAME);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const takenAt = Date.now();
  // The random part: two clones of one set within a millisecond must not collide.
  const clonePath = path.join(dir, `${setId}-${takenAt}-${randomBytes(3).toString("hex")}.clone`);
  const masterBefore = await identityOfPath(masterPath);
  const { ms } = await cloneFile(masterPath, clonePath, { create: true, mode: 0o400 });
  // Read-only: nothing may write to a point in time.
  await chmod(clonePath, 0o400);
  await fsyncDir(dir);
  const identity = await identityOfPath(clonePath);
  return {
    path: clonePath,
    identity,
    master: masterBefore,
    mechanism,
    takenAt,
    cloneMs: Math.round(ms * 10) / 10,
    extents: null,
  };
}

/** Why `record`'s file is not the clone recorded, or null when it provably is. */
export async function cloneProblem(record: CloneRecord, what: string): Promise<string | null> {
  const found = await identityOfPath(record.path).catch((err: NodeJS.ErrnoException) => err.code ?? err.message);
  if (typeof found === "string")
    return `${what} ${record.path} ${found === "ENOENT" ? "is gone" : `cannot be opened (${found})`}`;
  const r = record.identity;
  if (found.dev !== r.dev || found.ino !== r.ino || found.generation !== r.generation)
    return `${what} ${record.path} was replaced by another file`;
  if (found.size !== r.size || found.ctimeNs !== r.ctimeNs)
    return `${what} ${record.path} was changed since it was taken`;
  return null;
}

/**
 * Why the changes since the reference cannot be read from extent maps, or null when they can:
 * the reference is the one recorded, on the same file system, cloned from the same master file.
 */
export async function referenceProblem(clones: SetClones, pending: CloneRecord): Promise<string | null> {
  const ref = clones.reference;
  if (!ref) return "there is no reference clone from an earlier point in time";
  const problem = await cloneProblem(ref, "the reference clone");
  if (problem) return problem;
  if (ref.identity.dev !== pending.identity.dev) return "the reference clone is on another file system than the master";
  const [a, b] = [ref.master, pending.master];
  if (a.dev !== b.dev || a.ino !== b.ino || a.generation !== b.generation) {
    return "the master is not the file the reference clone was taken from (it was replaced)";
  }
  if (a.size !== b.size) return `the master's size changed from ${a.size} to ${b.size} bytes`;
  return null;
}

/** Records a new pending clone, releasing the one it replaces (an update that did not finish). */
export async function setPendingClone(stateDir: string, setId: string, pending: CloneRecord): Promise<void> {
  const clones = await readSetClones(stateDir, setId);
  const old = clones.pending;
  await writeSetClones(stateDir, setId, { ...clones, pending });
  if (old && old.path !== pending.path) await rm(old.path, { force: true });
}

/**
 * The copy from the pending clone finished: it becomes the reference, the old one is released.
 * `extents` is the clone's extent count when the copy knows it; otherwise it is counted here.
 */
export async function promotePendingClone(
  stateDir: string,
  setId: string,
  how: "instant" | "scan",
  note: string | null,
  extents: number | null,
): Promise<void> {
  const clones = await readSetClones(stateDir, setId);
  if (!clones.pending) return;
  const old = clones.reference;
  const count =
    extents ??
    (await extentMapOf(clones.pending.path).then(
      (m) => m.logical.length,
      () => null,
    ));
  const reference = { ...clones.pending, extents: count };
  await writeSetClones(stateDir, setId, { reference, pending: null, lastUpdate: how, lastUpdateNote: note });
  if (old && old.path !== clones.pending.path) await rm(old.path, { force: true });
}

/** Releases every clone of a set (disable, or a set that went back to scan mode). */
export async function releaseSetClones(stateDir: string, setId: string): Promise<void> {
  const clones = await readSetClones(stateDir, setId);
  for (const c of [clones.pending, clones.reference]) if (c) await rm(c.path, { force: true });
  await rm(clonesFile(stateDir, setId), { force: true });
}

/**
 * Removes clones of this set that no record names: left by a crash between recording a new
 * clone and removing the one it replaced. They hold blocks and prove nothing.
 */
export async function removeOrphanClones(stateDir: string, setId: string, masterPath: string): Promise<void> {
  const dir = path.join(path.dirname(masterPath), CLONE_DIR_NAME);
  const clones = await readSetClones(stateDir, setId);
  const kept = new Set([clones.pending?.path, clones.reference?.path].filter(Boolean));
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const full = path.join(dir, name);
    if (name.startsWith(`${setId}-`) && name.endsWith(".clone") && !kept.has(full)) await rm(full, { force: true });
  }
}
