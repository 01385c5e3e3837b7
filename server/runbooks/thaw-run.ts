import "server-only";
// After a failure or a cancel (states thawing and cancelling): run the resume hook if this run
// left the application quiesced, then end failed or cancelled. The resume hook issued early
// during the copy (freeze-during-copy.ts), when there is one, is the thaw.
import { resultOf } from "@/lib/job-results";
import { prisma } from "@/server/db";
import { AppError } from "@/server/errors";
import { cancelJob } from "@/server/jobs/cancel-job";
import { startStorageJob } from "@/server/storage/start-storage-job";
import { auditRunEnd } from "@/server/runbooks/audit-run-end";
import { commitRun } from "@/server/runbooks/commit-run";
import { isHostSilent } from "@/server/runbooks/host-silence";
import type { RunRow } from "@/server/runbooks/run-select";

export async function thawRun(run: RunRow, now: Date): Promise<boolean> {
  const { spec } = run;
  const final = run.state === "cancelling" ? "cancelled" : "failed";
  if (!run.frozenSince) {
    await commitRun(run, { state: final, finishedAt: now });
    await auditRunEnd(run, final === "cancelled" ? "ok" : "failed", `${final}: ${run.errorMessage ?? ""}`, now);
    return true;
  }
  if (!spec.resumeHook) {
    await commitRun(run, { frozenSince: null });
    return true;
  }
  if (!run.thawJobId && run.resumeJobId) {
    // The resume hook already went out during the copy: it is the thaw.
    await commitRun(run, { thawJobId: run.resumeJobId, resumeJobId: null });
    return true;
  }
  if (!run.thawJobId) {
    try {
      const job = await startStorageJob({
        caller: null,
        fromAddress: null,
        hostName: spec.productionHost,
        kind: "hook.run",
        args: { hook: spec.resumeHook, purpose: "resume" },
        idempotencyKey: `run:${run.id}:thaw:${run.frozenSince.getTime()}`,
      });
      await commitRun(run, { thawJobId: job.id });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      await commitRun(run, {
        frozenSince: null,
        errorMessage: `${run.errorMessage}; the resume hook could not be started (${err.message}): the agent's freeze guard thaws at its budget`,
      });
    }
    return true;
  }
  const job = await prisma.job.findUnique({
    where: { id: run.thawJobId },
    select: { state: true, resultJson: true, errorMessage: true, host: { select: { lastHeartbeat: true } } },
  });
  if (job && (job.state === "queued" || job.state === "running")) {
    if (job.state === "running" || !isHostSilent(job.host.lastHeartbeat, now)) return false;
    await cancelJob({ jobId: run.thawJobId, userId: null, now }).catch(() => undefined);
  }
  const result = resultOf({ resultJson: job?.resultJson ?? null }, "hook.run");
  const frozenMs = result.frozenMs ?? result.resumedByAgent?.frozenMs ?? 0;
  const note =
    job?.state === "succeeded"
      ? `; resume hook ${spec.resumeHook} ran (application frozen ${(frozenMs / 1000).toFixed(1)} s)`
      : `; the resume hook ${spec.resumeHook} did not run (${job?.errorMessage ?? job?.state ?? "job missing"}): the application may still be quiesced on ${spec.productionHost} until its agent's freeze guard thaws it`;
  await commitRun(run, {
    frozenSince: null,
    thawJobId: null,
    frozenMs: run.frozenMs + frozenMs,
    errorMessage: `${run.errorMessage ?? ""}${note}`,
  });
  return true;
}
