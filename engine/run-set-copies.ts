// Runs the copies of several sets, a few at a time, each stoppable by an abort request in the
// state dir (how -a reaches a copy, whichever process runs it). Shared by iiadm --local's
// detached worker and by in-process runners (the agent).
import type { CopyProgress } from "@/lib/copy-progress";
import type { CopyLauncher } from "./engine-context";
import type { ConfigStore } from "./config-store";
import { runSetCopy } from "./run-set-copy";
import { claimRun, isAbortRequested, recordCopyFailure, releaseRun, writeProgress } from "./state-files";

// Copies of several sets share the disk; beyond a few at once they only compete for it.
const MAX_PARALLEL = 4;
// How often a copy looks for an abort request (-a); bounds abort latency.
const ABORT_POLL_MS = 250;

export async function runSetCopies(
  stateDir: string,
  config: ConfigStore,
  setIds: string[],
  onProgress?: (setId: string, p: CopyProgress) => void,
): Promise<{ failed: string[] }> {
  const queue = [...setIds];
  const failed: string[] = [];
  const runOne = async (id: string) => {
    const controller = new AbortController();
    const poll = setInterval(() => {
      void isAbortRequested(stateDir, id).then((yes) => yes && controller.abort());
    }, ABORT_POLL_MS);
    try {
      const outcome = await runSetCopy(stateDir, config, id, {
        signal: controller.signal,
        onProgress: (p) => {
          void writeProgress(stateDir, id, p).catch(() => {});
          onProgress?.(id, p);
        },
      });
      if (outcome === "failed") failed.push(id);
    } catch (err) {
      // It failed before it could record an outcome (e.g. the bitmap would not open): say why,
      // and give up the run so that waiters see the copy gone instead of waiting on this process.
      failed.push(id);
      process.stderr.write(`${new Date().toISOString()} copy of set ${id} failed: ${(err as Error).stack}\n`);
      await recordCopyFailure(stateDir, id, (err as Error).message).catch(() => {});
      await releaseRun(stateDir, id).catch(() => {});
    } finally {
      clearInterval(poll);
    }
  };
  const lanes = Array.from({ length: Math.min(MAX_PARALLEL, queue.length) }, async () => {
    for (let id = queue.shift(); id; id = queue.shift()) await runOne(id);
  });
  await Promise.all(lanes);
  return { failed };
}

/** A launcher that runs copies inside this process (the agent; engine tests). */
export function inProcessLauncher(stateDir: string, config: ConfigStore): CopyLauncher & { settled(): Promise<void> } {
  const running = new Set<Promise<unknown>>();
  return {
    async start(setIds) {
      for (const id of setIds) await claimRun(stateDir, id, process.pid);
      const run = runSetCopies(stateDir, config, setIds).finally(() => running.delete(run));
      running.add(run);
    },
    async settled() {
      while (running.size) await Promise.all(running);
    },
  };
}
