// iiadm's fork, for `pitcrew iiadm --local`: -e, -c, -u and -R return once the copy has
// started, so the copy runs in a detached worker process that outlives the command. The worker
// owns its sets' run files (pid + start time), so any later command can tell a live copy from
// one whose process died, and resume it from the copy bitmap.
import { spawn } from "node:child_process";
import { mkdir, open } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { CopyLauncher } from "@/engine/engine-context";
import type { ConfigStore } from "@/engine/config-store";
import { runSetCopy } from "@/engine/run-set-copy";
import { claimRun, isAbortRequested, writeProgress } from "@/engine/state-files";

const BIN = fileURLToPath(new URL("../../bin/pitcrew.js", import.meta.url));
export const WORKER_FLAG = "--copy-worker";

export function detachedWorkerLauncher(stateDir: string): CopyLauncher {
  return {
    async start(setIds) {
      await mkdir(stateDir, { recursive: true });
      const log = await open(path.join(stateDir, "worker.log"), "a");
      try {
        const child = spawn(process.execPath, [BIN, "iiadm", "--local", "--state-dir", stateDir, WORKER_FLAG, ...setIds], {
          detached: true, stdio: ["ignore", log.fd, log.fd],
        });
        if (!child.pid) throw new Error("could not start the copy process");
        child.unref();
        for (const id of setIds) await claimRun(stateDir, id, child.pid);
      } finally {
        await log.close();
      }
    },
  };
}

// Copies of several sets share the disk; beyond a few at once they only compete for it.
const MAX_PARALLEL = 4;
// How often the worker looks for an abort request (-a); bounds abort latency.
const ABORT_POLL_MS = 250;

export async function runCopyWorker(stateDir: string, config: ConfigStore, setIds: string[]): Promise<number> {
  const queue = [...setIds];
  let failures = 0;
  const runOne = async (id: string) => {
    const controller = new AbortController();
    const poll = setInterval(() => {
      void isAbortRequested(stateDir, id).then((yes) => yes && controller.abort());
    }, ABORT_POLL_MS);
    try {
      const outcome = await runSetCopy(stateDir, config, id, {
        signal: controller.signal,
        onProgress: (p) => void writeProgress(stateDir, id, p).catch(() => {}),
      });
      if (outcome === "failed") failures++;
    } catch (err) {
      failures++;
      process.stderr.write(`${new Date().toISOString()} copy of set ${id} failed: ${(err as Error).stack}\n`);
    } finally {
      clearInterval(poll);
    }
  };
  const lanes = Array.from({ length: Math.min(MAX_PARALLEL, queue.length) }, async () => {
    for (let id = queue.shift(); id; id = queue.shift()) await runOne(id);
  });
  await Promise.all(lanes);
  return failures ? 2 : 0;
}
