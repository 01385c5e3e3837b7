// The lock around a disk group's metadata (docs/instant-image.md §8.2, §8.4): the import lock only
// protects a group if claiming it is atomic, so every read-modify-write of the metadata happens
// while holding `<dg>/.pitcrew-dg.lock`, a file created with O_EXCL (`open(…, "wx")`), which
// one host at a time can create, also on a directory shared between hosts.
//
// A holder that dies leaves its lock behind. It is broken when its process is gone (same
// machine only: a pid means nothing elsewhere) or when it has not been touched for STALE_MS
// (holders touch it while they work). Breaking renames the lock aside and checks it moved the
// very file it judged stale, so two hosts breaking at once cannot delete a fresh lock.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { link, open, readFile, rename, rm, stat, utimes } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { EngineError } from "./engine-error";
import { readMetadata, writeMetadata, type DiskGroupMetadata } from "./disk-group-metadata";
import { processStartTime } from "./state-files";
import { setTimeout as sleep } from "node:timers/promises";

export const LOCK_FILE = ".pitcrew-dg.lock";

// A holder keeps the lock for a read-modify-write of a small file, or while zero-filling a
// preallocated volume, and touches it every REFRESH_MS; only a dead or hung holder lets it age
// past STALE_MS. Four refresh periods absorb scheduling hiccups and modest clock skew between
// hosts, which compare their own clock with the file's mtime.
const REFRESH_MS = 5_000;
const STALE_MS = 20_000;
// Waiting longer than STALE_MS lets a waiter outlast a crashed holder on another host.
const WAIT_MS = 30_000;

interface LockHolder {
  token: string;
  /** The logical host (disk-group owner name), for messages. */
  host: string;
  /** The machine, for pid checks: several hosts may share a hostname, never a machine-id. */
  machine: string;
  pid: number;
  startTime: string;
  createdAt: string;
}

export interface LockOptions {
  waitMs?: number;
  staleMs?: number;
  /** Told when a stale lock is broken (the caller may audit it). */
  warn?: (message: string) => void;
}

export interface HeldLock {
  /** Throws unless this holder still has the lock: checked right before writing. */
  assertHeld(): Promise<void>;
}

/** A lock file's identity: inode numbers are reused once a file is gone, so the token counts too. */
interface FileId {
  ino: number;
  dev: number;
  token: string | null;
}

let machine: string | undefined;
/** This machine as lock files name it (exported for tests that plant a lock). */
export function thisMachine(): string {
  if (machine === undefined) {
    let id = "";
    try {
      id = readFileSync("/etc/machine-id", "utf8").trim();
    } catch {
      // No machine-id (containers): the hostname alone identifies the machine.
    }
    machine = `${os.hostname()}/${id}`;
  }
  return machine;
}

const sameFile = (a: FileId, b: FileId) => a.ino === b.ino && a.dev === b.dev && a.token === b.token;
const groupLabel = (dgDir: string) => `disk group ${path.basename(dgDir)} (${dgDir})`;

async function tryCreate(lockPath: string, dgDir: string, me: LockHolder): Promise<FileId | null> {
  let handle;
  try {
    handle = await open(lockPath, "wx");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return null;
    if (code === "ENOENT" || code === "ENOTDIR")
      throw new EngineError("DG_ENOTFOUND", `${dgDir} is not a disk group (no such directory)`);
    throw EngineError.fromErrno(err, `${groupLabel(dgDir)}: creating lock ${lockPath}`);
  }
  try {
    // No fsync: after a crash the holder is gone anyway, and an empty lock file only ages out.
    await handle.writeFile(JSON.stringify(me));
    const st = await handle.stat();
    return { ino: st.ino, dev: st.dev, token: me.token };
  } catch (err) {
    await rm(lockPath, { force: true });
    throw EngineError.fromErrno(err, `${groupLabel(dgDir)}: writing lock ${lockPath}`);
  } finally {
    await handle.close();
  }
}

interface SeenLock extends FileId {
  mtimeMs: number;
  holder: LockHolder | null;
}

async function readLock(file: string): Promise<SeenLock | null> {
  const st = await stat(file).catch(() => null);
  if (!st) return null;
  // Empty or partial content: its creator is between create and write, or died there.
  // (JSON.parse inside .catch's reach: a throw in then's first callback would escape its second.)
  const holder = await readFile(file, "utf8")
    .then((t) => JSON.parse(t) as LockHolder)
    .catch(() => null);
  return { ino: st.ino, dev: st.dev, token: holder?.token ?? null, mtimeMs: st.mtimeMs, holder };
}

async function staleness(seen: SeenLock, staleMs: number): Promise<string | null> {
  const h = seen.holder;
  if (h && h.machine === thisMachine()) {
    // Trust the pid on this machine: a live holder keeps the lock however long it works.
    return (await processStartTime(h.pid)) === h.startTime ? null : `its holder (host ${h.host}, pid ${h.pid}) is gone`;
  }
  const age = Date.now() - seen.mtimeMs;
  return age > staleMs ? `it was last touched ${Math.round(age / 1000)} s ago by host ${h?.host ?? "unknown"}` : null;
}

async function breakLock(lockPath: string, seen: SeenLock): Promise<void> {
  const aside = `${lockPath}.broken-${randomUUID()}`;
  try {
    await rename(lockPath, aside);
  } catch {
    return; // someone else broke or released it first
  }
  const moved = await readLock(aside);
  if (moved && !sameFile(moved, seen)) {
    // Between our look and the rename, the stale lock went and a live holder created a new one:
    // put it back. link() never replaces, so if yet another lock appeared, that one stays and the
    // holder we displaced finds out in assertHeld() before it writes.
    await link(aside, lockPath).catch(() => {});
  }
  await rm(aside, { force: true });
}

async function acquire(lockPath: string, dgDir: string, host: string, opts: LockOptions): Promise<FileId> {
  const deadline = Date.now() + (opts.waitMs ?? WAIT_MS);
  const me: LockHolder = {
    token: randomUUID(),
    host,
    machine: thisMachine(),
    pid: process.pid,
    startTime: (await processStartTime(process.pid)) ?? "",
    createdAt: new Date().toISOString(),
  };
  for (let attempt = 0; ; attempt++) {
    const created = await tryCreate(lockPath, dgDir, me);
    if (created) return created;
    const seen = await readLock(lockPath);
    if (!seen) continue;
    const stale = await staleness(seen, opts.staleMs ?? STALE_MS);
    if (stale) {
      await breakLock(lockPath, seen);
      opts.warn?.(`${groupLabel(dgDir)}: broke a stale metadata lock: ${stale}`);
      continue;
    }
    if (Date.now() >= deadline) {
      const h = seen.holder;
      throw new EngineError(
        "DG_EBUSY",
        `${groupLabel(dgDir)}: its metadata is locked by ` +
          `${h ? `host ${h.host} (pid ${h.pid}) since ${h.createdAt}` : "another process"}; try again, or remove ${lockPath} if that host is down`,
      );
    }
    // Jittered backoff, so racing hosts do not retry in lockstep.
    await sleep(Math.min(5 * 2 ** attempt, 50) * (0.5 + Math.random() / 2));
  }
}

async function isOurs(lockPath: string, mine: FileId): Promise<boolean> {
  const now = await readLock(lockPath);
  return now !== null && sameFile(now, mine);
}

/** Runs `fn` holding the group's lock. `host` names the holder in messages to waiting hosts. */
export async function withDiskGroupLock<T>(
  dgDir: string,
  host: string,
  fn: (lock: HeldLock) => Promise<T>,
  opts: LockOptions = {},
): Promise<T> {
  const lockPath = path.join(dgDir, LOCK_FILE);
  const mine = await acquire(lockPath, dgDir, host, opts);
  const refresh = setInterval(() => {
    void isOurs(lockPath, mine)
      .then((ours) => (ours ? utimes(lockPath, new Date(), new Date()) : undefined))
      .catch(() => {});
  }, REFRESH_MS);
  refresh.unref();
  try {
    return await fn({
      assertHeld: async () => {
        if (!(await isOurs(lockPath, mine))) {
          throw new EngineError(
            "DG_EBUSY",
            `${groupLabel(dgDir)}: this host's metadata lock was broken by another host; nothing was written`,
          );
        }
      },
    });
  } finally {
    clearInterval(refresh);
    // Remove only our own lock: if ours was broken, the file there now belongs to someone else.
    if (await isOurs(lockPath, mine)) await rm(lockPath, { force: true });
  }
}

/**
 * Read-modify-write of the metadata under the lock: what `fn` leaves in `md` is written back
 * (atomically) when it changed; a throw writes nothing.
 */
export async function updateDiskGroup<T>(
  dgDir: string,
  host: string,
  fn: (md: DiskGroupMetadata) => Promise<T> | T,
  opts: LockOptions = {},
): Promise<T> {
  // Refuse a directory that is no disk group before creating a lock file in it.
  await readMetadata(dgDir);
  return withDiskGroupLock(
    dgDir,
    host,
    async (lock) => {
      const md = await readMetadata(dgDir);
      const before = JSON.stringify(md);
      const result = await fn(md);
      if (JSON.stringify(md) !== before) {
        await lock.assertHeld();
        await writeMetadata(dgDir, md);
      }
      return result;
    },
    opts,
  );
}
