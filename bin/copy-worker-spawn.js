// Starting `pitcrew iiadm --local` copy workers (see cli/iiadm/copy-worker.ts). Plain JS beside
// the `pitcrew` executable, because the earliest start happens there: a command that may start a
// copy (-e, -c, -u, -R) spawns its worker before it loads the CLI, so the worker's Node start-up
// (about 0.15 s, the longest step of a small update) overlaps the command's own. The CLI adopts
// that worker when it turns out to need one for the same state dir; a worker nobody hands sets to
// sees its stdin close when the command exits, and exits without touching anything.
import { mkdirSync, openSync, closeSync, statSync } from "node:fs";
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const WORKER_FLAG = "--copy-worker";
/** In place of set ids: read them from stdin (a prestarted worker). */
export const IDS_ON_STDIN = "-";

// "../bin": right from here and from the bundle's dist/ chunks alike (cli/install-paths.ts).
const PITCREW_BIN = fileURLToPath(new URL("../bin/pitcrew.js", import.meta.url));
// One per process, shared by this file's copy here and the one bundled into the CLI.
const EARLY = Symbol.for("pitcrew.earlyCopyWorker");

/**
 * Spawns a detached copy worker for `stateDir`, given its set ids, or (ids null) waiting for them
 * on stdin. Its output goes to the state dir's worker.log.
 * @param {string} stateDir
 * @param {string[] | null} ids
 * @returns {import("node:child_process").ChildProcess & { pid: number }}
 */
export function spawnCopyWorker(stateDir, ids) {
  mkdirSync(stateDir, { recursive: true });
  const log = openSync(path.join(stateDir, "worker.log"), "a");
  try {
    const child = spawn(
      process.execPath,
      [PITCREW_BIN, "iiadm", "--local", "--state-dir", stateDir, WORKER_FLAG, ...(ids ?? [IDS_ON_STDIN])],
      {
        detached: true,
        stdio: [ids ? "ignore" : "pipe", log, log],
      },
    );
    if (!child.pid) throw new Error("could not start the copy process");
    child.unref();
    // An unused worker's stdin must not keep the command alive; its exit closes the pipe.
    child.stdin?.on("error", () => {}); // a worker that died: the launcher sees it and spawns another
    /** @type {{ unref?: () => void } | null} */ (child.stdin)?.unref?.();
    return /** @type {import("node:child_process").ChildProcess & { pid: number }} */ (child);
  } finally {
    closeSync(log);
  }
}

/**
 * The state dir `pitcrew iiadm --local …` will use when its arguments may start a copy; null
 * otherwise. Reads the same leading options as cli/main.ts. A false positive (a group named
 * "-gcu…") costs an idle worker that exits; a miss only means the CLI's own, later prestart.
 * @param {string[]} argv the arguments after `pitcrew`
 * @returns {string | null}
 */
export function copyStateDirOf(argv) {
  if (argv[0] !== "iiadm") return null;
  let local = false;
  let stateDir = process.env.PITCREW_STATE_DIR ?? "/var/lib/pitcrew";
  let i = 1;
  for (; argv[i]?.startsWith("--"); i++) {
    const arg = argv[i];
    if (arg === "--local") local = true;
    else if (arg === "--state-dir") stateDir = argv[++i] ?? "";
    else if (arg.startsWith("--state-dir=")) stateDir = arg.slice("--state-dir=".length);
    else if (arg === "--host") i++;
    else return null; // --copy-worker, or an error the CLI reports
  }
  const startsCopy = argv.slice(i).some((a) => /^-[A-Za-z]*[ecuR]/.test(a));
  return local && startsCopy && stateDir ? path.resolve(stateDir) : null;
}

/**
 * Called first thing by bin/pitcrew.js. Only for a state dir that exists already: creating one
 * the command would refuse to use is a change the operator did not ask for.
 * @param {string[]} argv the arguments after `pitcrew`
 */
export function prestartCopyWorkerEarly(argv) {
  const stateDir = copyStateDirOf(argv);
  if (!stateDir) return;
  try {
    if (!statSync(stateDir).isDirectory()) return;
    /** @type {Record<symbol, unknown>} */ (globalThis)[EARLY] = { stateDir, child: spawnCopyWorker(stateDir, null) };
  } catch {
    // the CLI prestarts its own, and reports what is wrong
  }
}

/**
 * The worker bin/pitcrew.js started for `stateDir`, once; null when there is none, or it was
 * started for another state dir (then it is let go).
 * @param {string} stateDir
 * @returns {(import("node:child_process").ChildProcess & { pid: number }) | null}
 */
export function takeEarlyCopyWorker(stateDir) {
  const store =
    /** @type {Record<symbol, { stateDir: string, child: import("node:child_process").ChildProcess & { pid: number } } | undefined>} */ (
      globalThis
    );
  const early = store[EARLY];
  delete store[EARLY];
  if (!early) return null;
  if (early.stateDir === path.resolve(stateDir)) return early.child;
  early.child.stdin?.end();
  return null;
}
