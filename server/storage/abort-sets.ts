import "server-only";
// iiadm -a through the console. A copy the console started runs inside its job, which holds the
// set: the abort cancels that job (the agent stops the copy at a chunk boundary and the job ends
// "cancelled"). Sets with no job — a copy the agent resumed after a restart, or none at all —
// get a set.abort job, which aborts the copy or answers as iiadm does when none runs.
import type { SetTargetInput } from "@/lib/job-types";
import type { Caller } from "@/server/auth/resolve-caller";
import { AppError } from "@/server/errors";
import { cancelJob } from "@/server/jobs/cancel-job";
import type { JobDetail } from "@/server/jobs/job-select";
import { setInfo } from "@/server/storage/set-info";
import { startStorageJob } from "@/server/storage/start-storage-job";

const COPYING_KINDS = new Set(["set.copy", "set.enable"]);

export interface AbortSetsInput {
  caller: Caller;
  fromAddress: string | null;
  hostName: string;
  target: SetTargetInput;
}

export interface AbortSetsResult {
  /** Copy jobs asked to stop. */
  cancelled: JobDetail[];
  /** The set.abort job for the sets no job held, or null. */
  job: JobDetail | null;
}

export async function abortSets({ caller, fromAddress, hostName, target }: AbortSetsInput): Promise<AbortSetsResult> {
  const { sets } = await setInfo(hostName, target);
  const copyJobs = [...new Set(sets.flatMap((s) => (s.job && COPYING_KINDS.has(s.job.kind) ? [s.job.id] : [])))];
  // Cancelling a job stops all of its copies: refuse when it also copies sets the operator did not name.
  const named = new Set(sets.map((s) => s.shadow));
  const everySet = copyJobs.length ? (await setInfo(hostName, { kind: "all" })).sets : [];
  for (const jobId of copyJobs) {
    const others = everySet.filter((s) => s.job?.id === jobId && !named.has(s.shadow)).map((s) => s.shadow);
    if (others.length) {
      throw new AppError(
        "CONFLICT",
        `target: job ${jobId} copies ${[...named].filter((n) => everySet.some((s) => s.shadow === n && s.job?.id === jobId)).join(", ")} together with ${others.join(", ")}; abort them all (their group, or every set) or cancel job ${jobId}`,
      );
    }
  }
  const cancelled: JobDetail[] = [];
  for (const jobId of copyJobs) cancelled.push(await cancelJob({ jobId, userId: caller.userId, fromAddress }));
  const rest = sets.filter((s) => !s.job || !COPYING_KINDS.has(s.job.kind)).map((s) => s.shadow);
  const job = rest.length
    ? await startStorageJob({
        caller,
        fromAddress,
        hostName,
        kind: "set.abort",
        args: { target: { kind: "sets", sets: rest } },
      })
    : null;
  return { cancelled, job };
}
