import "server-only";
// `iiadm -w` through the console, as a bounded long-poll: returns once no queued or running job
// holds the target's sets (or their group), or when `timeoutSeconds` pass; the caller asks again.
// Polling the lock table keeps the console stateless: any instance can answer.
import { setInfo, type HostSetInfo, type SetInfoTarget } from "@/server/storage/set-info";

const POLL_MS = 500;

export async function waitForSets(hostName: string, target: SetInfoTarget, timeoutSeconds: number, signal?: AbortSignal): Promise<HostSetInfo & { done: boolean }> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    const info = await setInfo(hostName, target);
    // A copy can run without a job: one the agent resumed after a restart shows only as progress.
    const done = info.sets.every((s) => s.job === null && s.progress === null);
    if (done || Date.now() >= deadline || signal?.aborted) return { ...info, done };
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, Math.max(0, deadline - Date.now()))));
  }
}
