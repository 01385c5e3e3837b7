// Where a host's engine keeps its own files inside the state dir (docs/architecture.md §1: the agent's
// state dir is the truth about its host, like AVS's dscfg): per-set digests, and run files of
// copies in progress (owner process, progress, abort requests).
import { watch, type FSWatcher } from "node:fs";
import { readFile, rm, writeFile, mkdir, rename } from "node:fs/promises";
import path from "node:path";
import type { CopyProgress } from "@/lib/copy-progress";
import { fsyncDir } from "./write-json-durably";

export const digestPath = (stateDir: string, setId: string) => path.join(stateDir, "digests", `${setId}.dig`);
export const stampPath = (stateDir: string, setId: string) => path.join(stateDir, "digests", `${setId}.stamp`);
/**
 * Forgets the shadow's write stamp, durably: the next update then scans the shadow for chunks
 * someone else wrote, whatever its write counter or mtime says.
 */
export async function forgetWriteStamp(stateDir: string, setId: string): Promise<void> {
  const file = stampPath(stateDir, setId);
  await rm(file, { force: true });
  await fsyncDir(path.dirname(file)).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== "ENOENT") throw err;
  });
}

const runDir = (stateDir: string) => path.join(stateDir, "run");
const runFile = (stateDir: string, setId: string) => path.join(runDir(stateDir), `${setId}.json`);
const progressFile = (stateDir: string, setId: string) => path.join(runDir(stateDir), `${setId}.progress.json`);
export const abortFile = (stateDir: string, setId: string) => path.join(runDir(stateDir), `${setId}.abort`);
const failureFile = (stateDir: string, setId: string) => path.join(runDir(stateDir), `${setId}.failed.json`);

export interface RunOwner {
  pid: number;
  /** Process start time from /proc/PID/stat, so a recycled pid is not mistaken for the owner. */
  startTime: string;
  startedAt: number;
}

/** Start time of a running process, or null when it is gone or a zombie. */
export async function processStartTime(pid: number): Promise<string | null> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => null);
  if (!stat) return null;
  // Fields after the parenthesised command name, which may hold spaces: state, ppid, …
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // A killed worker whose parent has gone stays a zombie until init reaps it, and in some
  // containers init never does: a zombie copies nothing, so it does not own the copy.
  if (fields[0] === "Z" || fields[0] === "X") return null;
  return fields[19] ?? null;
}

async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, JSON.stringify(value));
  await rename(tmp, file);
}

async function readJson<T>(file: string): Promise<T | null> {
  // A torn or empty file reads as absent; catch, not then's second callback, also covers JSON.parse.
  return readFile(file, "utf8")
    .then((t) => JSON.parse(t) as T)
    .catch(() => null);
}

export async function claimRun(stateDir: string, setId: string, pid: number): Promise<void> {
  const startTime = (await processStartTime(pid)) ?? "";
  await rm(abortFile(stateDir, setId), { force: true });
  await rm(failureFile(stateDir, setId), { force: true });
  await writeJsonAtomic(runFile(stateDir, setId), { pid, startTime, startedAt: Date.now() } satisfies RunOwner);
}

/** The live owner of a set's copy, or null when none runs (or its process died). */
export async function liveRunOwner(stateDir: string, setId: string): Promise<RunOwner | null> {
  const owner = await readJson<RunOwner>(runFile(stateDir, setId));
  if (!owner) return null;
  return (await processStartTime(owner.pid)) === owner.startTime ? owner : null;
}

export async function releaseRun(stateDir: string, setId: string): Promise<void> {
  for (const f of [runFile(stateDir, setId), progressFile(stateDir, setId), abortFile(stateDir, setId)]) {
    await rm(f, { force: true });
  }
}

export async function requestAbort(stateDir: string, setId: string): Promise<void> {
  await mkdir(runDir(stateDir), { recursive: true });
  await writeFile(abortFile(stateDir, setId), String(Date.now()));
}

export async function isAbortRequested(stateDir: string, setId: string): Promise<boolean> {
  return readFile(abortFile(stateDir, setId)).then(
    () => true,
    () => false,
  );
}

export const writeProgress = (stateDir: string, setId: string, p: CopyProgress) =>
  writeJsonAtomic(progressFile(stateDir, setId), p);

export const readProgress = (stateDir: string, setId: string) => readJson<CopyProgress>(progressFile(stateDir, setId));

/** Why a set's last copy failed: kept after the run ends (until the next copy starts), so -w and
 * the agent can say what went wrong instead of only that the target is incomplete. */
export interface CopyFailure {
  message: string;
  at: number;
}

export const recordCopyFailure = (stateDir: string, setId: string, message: string) =>
  writeJsonAtomic(failureFile(stateDir, setId), { message, at: Date.now() } satisfies CopyFailure);

export const readCopyFailure = (stateDir: string, setId: string) => readJson<CopyFailure>(failureFile(stateDir, setId));

export interface RunWatch {
  /** Resolves at the next change in the run dir since the last call, or after `ms` at the latest. */
  next(ms: number): Promise<void>;
  close(): void;
}

/**
 * Lets a waiter (-w, an agent's job) see a copy end as soon as its worker releases the run,
 * rather than at its next poll: inotify on the run dir, with the timeout as the fallback where
 * there is none (the dir not made yet, a file system without notifications).
 */
export function watchRuns(stateDir: string): RunWatch {
  let changed = false;
  let wake: (() => void) | null = null;
  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(runDir(stateDir), () => {
      changed = true;
      wake?.();
    });
    watcher.on("error", () => watcher?.close());
  } catch {
    // polling alone
  }
  return {
    next(ms) {
      if (changed) {
        changed = false;
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        const timer = setTimeout(done, ms);
        wake = done;
        function done() {
          clearTimeout(timer);
          wake = null;
          changed = false;
          resolve();
        }
      });
    },
    close: () => watcher?.close(),
  };
}
