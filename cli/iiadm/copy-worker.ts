// iiadm's fork, for `pitcrew iiadm --local`: -e, -c, -u and -R return once the copy has
// started, so the copy runs in a detached worker process that outlives the command. The worker
// owns its sets' run files (pid + start time), so any later command can tell a live copy from
// one whose process died, and resume it from the copy bitmap.
import { spawn } from "node:child_process";
import { mkdir, open } from "node:fs/promises";
import path from "node:path";
import { PITCREW_BIN } from "@/cli/install-paths";
import type { CopyLauncher } from "@/engine/engine-context";
import type { ConfigStore } from "@/engine/config-store";
import { runSetCopies } from "@/engine/run-set-copies";
import { claimRun } from "@/engine/state-files";

export const WORKER_FLAG = "--copy-worker";

export function detachedWorkerLauncher(stateDir: string): CopyLauncher {
  return {
    async start(setIds) {
      await mkdir(stateDir, { recursive: true });
      const log = await open(path.join(stateDir, "worker.log"), "a");
      try {
        const child = spawn(process.execPath, [PITCREW_BIN, "iiadm", "--local", "--state-dir", stateDir, WORKER_FLAG, ...setIds], {
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

export async function runCopyWorker(stateDir: string, config: ConfigStore, setIds: string[]): Promise<number> {
  const { failed } = await runSetCopies(stateDir, config, setIds);
  return failed.length ? 2 : 0;
}
