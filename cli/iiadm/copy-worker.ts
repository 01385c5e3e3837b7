// iiadm's fork, for `pitcrew iiadm --local`: -e, -c, -u and -R return once the copy has
// started, so the copy runs in a detached worker process that outlives the command. The worker
// owns its sets' run files (pid + start time), so any later command can tell a live copy from
// one whose process died, and resume it from the copy bitmap.
//
// A command that may start a copy starts its worker first (prestart), before it checks and
// marks the sets, in bin/pitcrew.js when it can (bin/copy-worker-spawn.js): the worker loads
// Node and the engine (about 0.15 s) while the command does its own work, then waits for the
// set ids on its stdin. End of input without ids (the command was refused, or died) makes it
// exit without touching anything.
import type { ChildProcess } from "node:child_process";
import { IDS_ON_STDIN, spawnCopyWorker, takeEarlyCopyWorker } from "@/bin/copy-worker-spawn.js";
import type { CopyLauncher } from "@/engine/engine-context";
import type { ConfigStore } from "@/engine/config-store";
import { runSetCopies } from "@/engine/run-set-copies";
import { claimRun } from "@/engine/state-files";

export { WORKER_FLAG } from "@/bin/copy-worker-spawn.js";

export interface DetachedWorkerLauncher extends CopyLauncher {
  /** Starts a worker now that the next start() will hand its sets to. */
  prestart(): Promise<void>;
  /** Lets an unused prestarted worker go (it exits). */
  dismiss(): void;
}

/** Hands set ids to a prestarted worker; false when it is gone (exited, or stdin broken). */
function handOver(worker: ChildProcess, setIds: string[]): Promise<boolean> {
  const stdin = worker.stdin;
  if (!stdin || worker.exitCode !== null || worker.signalCode !== null || stdin.destroyed)
    return Promise.resolve(false);
  return new Promise((resolve) => {
    stdin.end(`${setIds.join(" ")}\n`, (err?: Error | null) => resolve(!err));
  });
}

export function detachedWorkerLauncher(stateDir: string): DetachedWorkerLauncher {
  let waiting: (ChildProcess & { pid: number }) | null = null;
  return {
    async prestart() {
      waiting ??= takeEarlyCopyWorker(stateDir) ?? spawnCopyWorker(stateDir, null);
    },
    async start(setIds) {
      const worker = waiting;
      waiting = null;
      if (worker) {
        // The run files name the worker before it learns its sets, so no one sees a copy
        // without its owner, nor an owner that has not claimed it.
        for (const id of setIds) await claimRun(stateDir, id, worker.pid);
        if (await handOver(worker, setIds)) return;
      }
      const child = spawnCopyWorker(stateDir, setIds);
      for (const id of setIds) await claimRun(stateDir, id, child.pid);
    },
    dismiss() {
      waiting?.stdin?.end();
      waiting = null;
    },
  };
}

async function setIdsFromStdin(): Promise<string[]> {
  let text = "";
  for await (const chunk of process.stdin) text += String(chunk);
  return text.split(/\s+/).filter(Boolean);
}

export async function runCopyWorker(stateDir: string, config: ConfigStore, args: string[]): Promise<number> {
  const setIds = args[0] === IDS_ON_STDIN ? await setIdsFromStdin() : args;
  if (!setIds.length) return 0;
  const { failed } = await runSetCopies(stateDir, config, setIds);
  return failed.length ? 2 : 0;
}
