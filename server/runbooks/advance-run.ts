import "server-only";
// The run driver's one move (design.md §5): looks at a run and does the next thing: start its
// current step (planning the step's jobs from the hosts' inventories), issue the step's next job,
// take in a finished job's effects (custody, freeze time, point in time, archives), stop at the
// first failure, and thaw the application when a failure or a cancel comes while it is quiesced.
//
// Every change is a conditional update on RunbookRun.version and every job has an idempotency key
// derived from the run, the step and the action, so several console processes may drive one run:
// the one that loses a race re-reads and finds the work done.
import type { Prisma } from "@/generated/sqlite/client";
import type { Inventory } from "@/lib/agent-protocol";
import { isHostOnline } from "@/lib/host-online";
import { mergeSetWarnings, runbookSetModes, scanModeWarnings } from "@/lib/runbook-freeze";
import type { RunbookSetPlan } from "@/lib/runbook-placement";
import type { RunbookSpec } from "@/lib/runbook-spec";
import { planRunbookStep, rejoinStepKeys, type RunbookAction, runbookStepInfo, type RunbookStepKey, runbookStepKeys, runbookStepSequence } from "@/lib/runbook-steps";
import { isActiveRunState } from "@/lib/run-states";
import { writeAuditEntry } from "@/server/audit/write-audit-entry";
import { prisma } from "@/server/db";
import { AppError } from "@/server/errors";
import { cancelJob } from "@/server/jobs/cancel-job";
import { isUniqueViolation } from "@/server/jobs/is-unique-violation";
import { resultOf } from "@/lib/job-results";
import { parseJsonObject } from "@/server/jobs/job-select";
import { findPointInTime, watchCopy } from "@/server/runbooks/freeze-during-copy";
import { type JobOutcome, takeInJobResult } from "@/server/runbooks/job-effects";
import { parseStoredSpec } from "@/server/runbooks/parse-stored-spec";
import { parseJsonArray } from "@/server/runbooks/run-select";
import { loadHost } from "@/server/storage/load-host";
import { startStorageJob } from "@/server/storage/start-storage-job";

/** A queued job whose host has been silent this long is cancelled (the CLI waits as long). */
export const HOST_SILENT_MS = 30_000;
/** Moves per call: a run whose jobs finish quickly goes several steps without waiting for the next tick. */
const MAX_MOVES = 50;

const runSelect = {
  id: true, runbookId: true, specJson: true, setsJson: true, state: true, stepKey: true, archiveLabel: true, pointInTime: true,
  frozenSince: true, thawJobId: true, frozenMs: true, resumeJobId: true, warningsJson: true, backupWrites: true, approvedAt: true, cancelRequestedAt: true,
  errorMessage: true, rejoinRequestedAt: true, rejoinForced: true, version: true,
} satisfies Prisma.RunbookRunSelect;
export type RunRow = Prisma.RunbookRunGetPayload<{ select: typeof runSelect }>;
type StepRow = Prisma.RunbookStepGetPayload<object>;
type Tx = Prisma.TransactionClient;

const NO_INVENTORY: Inventory = { roots: [], hooks: [], diskGroups: [], tapeDevices: [], sets: [], svVolumes: [], collectedAt: 0 };

/** Another console process changed the run first. */
class StaleRun extends Error {}

interface LogLine { at: string; message: string }

function appendLog(logJson: string, now: Date, ...messages: string[]): string {
  return JSON.stringify([...parseJsonArray<LogLine>(logJson), ...messages.map((message) => ({ at: now.toISOString(), message }))]);
}

/** Applies `data` to the run if nobody changed it since it was read, with `extra` in the same transaction. */
async function commit(run: RunRow, data: Prisma.RunbookRunUpdateManyMutationInput, extra?: (tx: Tx) => Promise<void>): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.runbookRun.updateMany({ where: { id: run.id, version: run.version }, data: { ...data, version: { increment: 1 } } });
    if (count === 0) throw new StaleRun();
    if (extra) await extra(tx);
  });
}

export async function advanceRun(runId: string): Promise<void> {
  for (let move = 0; move < MAX_MOVES; move++) {
    let moved: boolean;
    try {
      moved = await advanceOnce(runId, new Date());
    } catch (err) {
      if (err instanceof StaleRun) continue;
      throw err;
    }
    if (!moved) return;
  }
}

async function advanceOnce(runId: string, now: Date): Promise<boolean> {
  const run = await prisma.runbookRun.findUnique({ where: { id: runId }, select: runSelect });
  if (!run || !isActiveRunState(run.state)) return false;
  const spec = parseStoredSpec(run.specJson, `run ${run.id}`);
  if (run.state === "thawing" || run.state === "cancelling") return thaw(run, spec, now);
  if (run.cancelRequestedAt) return cancelCurrentStep(run, now);
  if (run.state === "awaiting-approval") {
    if (!run.approvedAt) return false;
    await commit(run, { state: "running" });
    return true;
  }
  const step = await prisma.runbookStep.findFirst({ where: { runId: run.id, key: run.stepKey }, orderBy: { attempt: "desc" } });
  if (!step || step.state !== "running") return startStep(run, spec, (step?.attempt ?? 0) + 1, now);
  const actions = parseJsonArray<RunbookAction>(step.actionsJson);
  if (step.cursor >= actions.length) return completeStep(run, spec, step, actions.length === 0, now);
  const action = actions[step.cursor]!;
  const jobIds = parseJsonArray<string>(step.jobIdsJson);
  const jobId = jobIds[step.cursor];
  if (!jobId) return issueJob(run, step, action, jobIds, now);

  const job = await prisma.job.findUnique({
    where: { id: jobId },
    select: {
      state: true, attempt: true, resultJson: true, errorCode: true, errorMessage: true, errorObject: true, startedAt: true, finishedAt: true,
      host: { select: { lastHeartbeat: true } },
    },
  });
  if (!job) return failStep(run, step, action, { code: "JOB_MISSING", message: `job ${jobId} no longer exists`, object: null }, now);
  if (job.state === "queued" || job.state === "running") {
    const heartbeat = job.host.lastHeartbeat;
    if (job.state === "queued" && (!heartbeat || now.getTime() - heartbeat.getTime() > HOST_SILENT_MS)) {
      await cancelJob({ jobId, userId: null, now }).catch((err: unknown) => {
        if (!(err instanceof AppError)) throw err;
      });
      return failStep(run, step, action, {
        code: "HOST_SILENT",
        message: `the agent of host ${action.host} has been silent since ${heartbeat?.toISOString() ?? "it enrolled"}; job ${jobId} was cancelled before it started`,
        object: `host ${action.host}`,
      }, now);
    }
    if (job.state === "running" && action.kind === "set.copy") return watchRunningCopy(run, spec, step, jobId, job.attempt, now);
    return false;
  }
  if (job.state !== "succeeded") {
    const message = job.errorMessage ?? `job ${jobId} ended ${job.state}`;
    return failStep(run, step, action, { code: job.errorCode ?? job.state.toUpperCase(), message: `${message} (job ${jobId}, ${job.state})`, object: job.errorObject }, now);
  }
  const outcome: JobOutcome = {
    jobId, result: parseJsonObject(job.resultJson) ?? {}, startedAt: job.startedAt, finishedAt: job.finishedAt ?? now,
    pointInTime: action.kind === "set.copy" ? await findPointInTime(jobId, job.attempt) : null,
  };
  const effects = takeInJobResult(run, spec, step.key as RunbookStepKey, action, outcome, now);
  if (effects.failure) {
    await commit(run, effects.run);
    return failStep({ ...run, ...(effects.run as Partial<RunRow>), version: run.version + 1 }, step, action, effects.failure, now);
  }
  await commit(run, effects.run, async (tx) => {
    const { count } = await tx.runbookStep.updateMany({
      where: { id: step.id, cursor: step.cursor },
      data: { cursor: step.cursor + 1, logJson: appendLog(step.logJson, now, `${action.label}: done${effects.log.length ? `; ${effects.log.join("; ")}` : ""}`) },
    });
    if (count === 0) throw new StaleRun();
    await effects.extra?.(tx);
  });
  return true;
}

async function startStep(run: RunRow, spec: RunbookSpec, attempt: number, now: Date): Promise<boolean> {
  const key = run.stepKey as RunbookStepKey;
  if (!runbookStepKeys.includes(key)) throw new AppError("CONFLICT", `run ${run.id}: unknown step ${run.stepKey}`);
  const hostName = runbookStepInfo[key].on === "production" ? spec.productionHost : spec.backupHost;
  let actions: RunbookAction[] = [];
  let problem: string | null = null;
  let warnings: string[] | null = null;
  const log: string[] = [];
  try {
    const [production, backup] = await Promise.all([loadHost(spec.productionHost), loadHost(spec.backupHost)]);
    const stepHost = hostName === production.name ? production : backup;
    if (!isHostOnline(stepHost.lastHeartbeat?.toISOString() ?? null, now.getTime())) {
      problem = `host ${hostName} is offline (last heartbeat ${stepHost.lastHeartbeat?.toISOString() ?? "never"})`;
    } else if (!production.inventory || (!backup.inventory && !run.rejoinForced)) {
      problem = `host ${production.inventory ? backup.name : production.name} has not reported an inventory`;
    } else {
      // A run whose runbook is gone rotates nothing: runbookId null would match every orphaned archive.
      const expiredArchives = key === "backup" && spec.backup.kind === "archive" && spec.keepArchives !== null && run.runbookId !== null
        ? await prisma.archive.findMany({
          where: { runbookId: run.runbookId, deletedAt: null }, orderBy: { createdAt: "desc" }, skip: spec.keepArchives - 1,
          select: { targetDir: true, label: true },
        })
        : [];
      actions = planRunbookStep(key, {
        spec, sets: parseJsonArray<RunbookSetPlan>(run.setsJson), production: production.inventory,
        // Only a rejoin without the backup host gets here with no backup inventory, and it plans without it.
        backup: backup.inventory ?? NO_INVENTORY, archiveLabel: run.archiveLabel,
        pointInTime: run.pointInTime?.toISOString() ?? null, expiredArchives, withoutBackupHost: run.rejoinForced,
      });
      if (key === "rejoin") log.push(run.rejoinForced ? withoutBackupHostMessage(spec) : rejoinGateMessage(spec, run.backupWrites));
      if (key === "update") {
        const scans = scanModeWarnings(runbookSetModes(parseJsonArray<RunbookSetPlan>(run.setsJson), production.inventory), spec.quiesceHook !== null);
        warnings = mergeSetWarnings(parseJsonArray<string>(run.warningsJson), scans);
        log.push(...scans.map((s) => s.warning));
      }
    }
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    problem = err.message;
  }
  try {
    const data = problem ? failedRunData(run, { code: "RUNBOOK_STEP", message: problem, object: `host ${hostName}` }, key, hostName, now) : {};
    await commit(run, { ...data, ...(warnings ? { warningsJson: JSON.stringify(warnings) } : {}) }, async (tx) => {
      await tx.runbookStep.create({
        data: {
          runId: run.id, key, attempt, hostName, actionsJson: JSON.stringify(actions), startedAt: now,
          state: problem ? "failed" : "running", finishedAt: problem ? now : null, errorMessage: problem,
          logJson: appendLog("[]", now, ...log, ...(problem ? [problem] : actions.length ? [`planned ${actions.length} job(s)`] : ["nothing to do"])),
        },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new StaleRun();
    throw err;
  }
  if (problem) await auditRunEnd(run, "failed", problem, now);
  return true;
}

export function rejoinGateMessage(spec: RunbookSpec, backupWrites: number | null): string {
  const written = backupWrites === null ? "an unknown number of" : String(backupWrites);
  return `rejoin gate: ${written} chunk(s) of 32 KiB were written on host ${spec.backupHost} while it held the shadows; ` +
    `the join records them and the next update copies the master's data over them (the master's data wins)`;
}

export function withoutBackupHostMessage(spec: RunbookSpec): string {
  return `without host ${spec.backupHost}: an operator said it is gone for good, so nobody releases the shadows there; ` +
    `disk group ${spec.snapshotDiskGroup} is taken over and each shadow is joined without ${spec.backupHost}'s record, ` +
    `so the next update scans every shadow for what ${spec.backupHost} wrote (the master's data wins)`;
}

async function issueJob(run: RunRow, step: StepRow, action: RunbookAction, jobIds: string[], now: Date): Promise<boolean> {
  if (run.resumeJobId && action.kind === "hook.run" && action.args.purpose === "resume") return adoptEarlyResume(run, step, action, jobIds, run.resumeJobId, now);
  let jobId: string;
  try {
    const job = await startStorageJob({
      caller: null, fromAddress: null, hostName: action.host, kind: action.kind, args: action.args,
      idempotencyKey: `run:${run.id}:${step.id}:${step.cursor}`,
    });
    jobId = job.id;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return failStep(run, step, action, { code: err.code, message: err.message, object: null }, now);
  }
  const { count } = await prisma.runbookStep.updateMany({
    where: { id: step.id, cursor: step.cursor, jobIdsJson: step.jobIdsJson },
    data: { jobIdsJson: JSON.stringify([...jobIds, jobId]), logJson: appendLog(step.logJson, now, `${action.label}: job ${jobId} on ${action.host}`) },
  });
  if (count === 0) throw new StaleRun();
  return true;
}

/** The resume hook went out during the copy (freeze-during-copy.ts): the resume action is that job. */
async function adoptEarlyResume(run: RunRow, step: StepRow, action: RunbookAction, jobIds: string[], jobId: string, now: Date): Promise<boolean> {
  await commit(run, { resumeJobId: null }, async (tx) => {
    const { count } = await tx.runbookStep.updateMany({
      where: { id: step.id, cursor: step.cursor, jobIdsJson: step.jobIdsJson },
      data: { jobIdsJson: JSON.stringify([...jobIds, jobId]), logJson: appendLog(step.logJson, now, `${action.label}: issued during the copy as job ${jobId} on ${action.host}`) },
    });
    if (count === 0) throw new StaleRun();
  });
  return true;
}

/** A running copy of a run: the resume hook may go out now (every set cloned), or a scan-mode set is to be warned about. */
async function watchRunningCopy(run: RunRow, spec: RunbookSpec, step: StepRow, jobId: string, attempt: number, now: Date): Promise<boolean> {
  const change = await watchCopy(run, spec, jobId, attempt);
  if (!change) return false;
  await commit(run, change.run, async (tx) => {
    const { count } = await tx.runbookStep.updateMany({ where: { id: step.id, cursor: step.cursor }, data: { logJson: appendLog(step.logJson, now, ...change.log) } });
    if (count === 0) throw new StaleRun();
  });
  return true;
}

interface StepError { code: string; message: string; object: string | null }

function failedRunData(run: RunRow, error: StepError, stepKey: string, host: string, now: Date): Prisma.RunbookRunUpdateManyMutationInput {
  const frozen = run.frozenSince !== null;
  return {
    state: frozen ? "thawing" : "failed", finishedAt: frozen ? null : now,
    errorStep: stepKey, errorHost: host, errorCode: error.code, errorObject: error.object, errorMessage: error.message,
  };
}

async function failStep(run: RunRow, step: StepRow, action: RunbookAction, error: StepError, now: Date): Promise<boolean> {
  const message = `${action.label}: ${error.message}`;
  // A failed resume leaves nothing for the run to thaw with: the agent's freeze guard thaws at its budget.
  const resumeFailed = action.kind === "hook.run" && action.args.purpose === "resume";
  const r = resumeFailed ? { ...run, frozenSince: null } : run;
  await commit(run, { ...failedRunData(r, { ...error, message }, step.key, action.host, now), ...(resumeFailed ? { frozenSince: null } : {}) }, async (tx) => {
    await tx.runbookStep.update({
      where: { id: step.id },
      data: { state: "failed", finishedAt: now, errorMessage: message, logJson: appendLog(step.logJson, now, `failed: ${message}`) },
    });
  });
  if (!r.frozenSince) await auditRunEnd(run, "failed", message, now);
  return true;
}

async function completeStep(run: RunRow, spec: RunbookSpec, step: StepRow, nothingToDo: boolean, now: Date): Promise<boolean> {
  if (run.rejoinRequestedAt && step.key === rejoinStepKeys.at(-1)) return endRejoin(run, spec, step, nothingToDo, now);
  const sequence = runbookStepSequence(spec);
  const next = sequence[sequence.indexOf(step.key as RunbookStepKey) + 1];
  const data: Prisma.RunbookRunUpdateManyMutationInput = !next
    ? { state: "succeeded", finishedAt: now }
    : next === "rejoin" && spec.approveRejoin && !run.approvedAt
      ? { state: "awaiting-approval", stepKey: next }
      : { stepKey: next };
  await commit(run, data, async (tx) => {
    await tx.runbookStep.update({ where: { id: step.id }, data: { state: nothingToDo ? "skipped" : "succeeded", finishedAt: now } });
  });
  if (!next) await auditRunEnd(run, "ok", `succeeded; application frozen ${(run.frozenMs / 1000).toFixed(1)} s`, now);
  return true;
}

/** A cancelled run that brought its shadows home (rejoin-run.ts) ends cancelled again: it took no backup. */
async function endRejoin(run: RunRow, spec: RunbookSpec, step: StepRow, nothingToDo: boolean, now: Date): Promise<boolean> {
  const how = run.rejoinForced ? `without host ${spec.backupHost} ` : "";
  const message = `${run.errorMessage ?? "cancelled by an operator"}; shadows brought home ${how}at ${now.toISOString()}`;
  await commit(run, { state: "cancelled", finishedAt: now, rejoinedAt: now, errorMessage: message }, async (tx) => {
    await tx.runbookStep.update({ where: { id: step.id }, data: { state: nothingToDo ? "skipped" : "succeeded", finishedAt: now } });
  });
  await auditRunEnd(run, "ok", `cancelled; shadows brought home${run.rejoinForced ? " without the backup host" : ""}`, now);
  return true;
}

/** A cancel reaches the step's running job first; the run then thaws if it must. */
async function cancelCurrentStep(run: RunRow, now: Date): Promise<boolean> {
  const step = await prisma.runbookStep.findFirst({ where: { runId: run.id, key: run.stepKey, state: "running" }, orderBy: { attempt: "desc" } });
  if (step) {
    const jobId = parseJsonArray<string>(step.jobIdsJson)[step.cursor];
    if (jobId) {
      const job = await prisma.job.findUnique({ where: { id: jobId }, select: { state: true } });
      if (job && (job.state === "queued" || job.state === "running")) {
        await cancelJob({ jobId, userId: null, now }).catch((err: unknown) => {
          if (!(err instanceof AppError)) throw err;
        });
        // A running job ends at its next chunk boundary; wait for it before letting go of the step.
        if (job.state === "running") return false;
      }
    }
  }
  await commit(run, { state: "cancelling", errorStep: run.stepKey, errorMessage: run.errorMessage ?? "cancelled by an operator" }, async (tx) => {
    if (step) await tx.runbookStep.update({ where: { id: step.id }, data: { state: "cancelled", finishedAt: now, logJson: appendLog(step.logJson, now, "cancelled") } });
  });
  return true;
}

/** After a failure or a cancel: run the resume hook if this run left the application quiesced, then end. */
async function thaw(run: RunRow, spec: RunbookSpec, now: Date): Promise<boolean> {
  const final = run.state === "cancelling" ? "cancelled" : "failed";
  if (!run.frozenSince) {
    await commit(run, { state: final, finishedAt: now });
    await auditRunEnd(run, final === "cancelled" ? "ok" : "failed", `${final}: ${run.errorMessage ?? ""}`, now);
    return true;
  }
  if (!spec.resumeHook) {
    await commit(run, { frozenSince: null });
    return true;
  }
  if (!run.thawJobId && run.resumeJobId) {
    // The resume hook already went out during the copy: it is the thaw.
    await commit(run, { thawJobId: run.resumeJobId, resumeJobId: null });
    return true;
  }
  if (!run.thawJobId) {
    try {
      const job = await startStorageJob({
        caller: null, fromAddress: null, hostName: spec.productionHost, kind: "hook.run",
        args: { hook: spec.resumeHook, purpose: "resume" }, idempotencyKey: `run:${run.id}:thaw:${run.frozenSince.getTime()}`,
      });
      await commit(run, { thawJobId: job.id });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      await commit(run, { frozenSince: null, errorMessage: `${run.errorMessage}; the resume hook could not be started (${err.message}): the agent's freeze guard thaws at its budget` });
    }
    return true;
  }
  const job = await prisma.job.findUnique({ where: { id: run.thawJobId }, select: { state: true, resultJson: true, errorMessage: true, host: { select: { lastHeartbeat: true } } } });
  if (job && (job.state === "queued" || job.state === "running")) {
    const heartbeat = job.host.lastHeartbeat;
    if (job.state === "running" || (heartbeat && now.getTime() - heartbeat.getTime() <= HOST_SILENT_MS)) return false;
    await cancelJob({ jobId: run.thawJobId, userId: null, now }).catch(() => undefined);
  }
  const result = resultOf({ resultJson: job?.resultJson ?? null }, "hook.run");
  const frozenMs = result.frozenMs ?? result.resumedByAgent?.frozenMs ?? 0;
  const note = job?.state === "succeeded"
    ? `; resume hook ${spec.resumeHook} ran (application frozen ${(frozenMs / 1000).toFixed(1)} s)`
    : `; the resume hook ${spec.resumeHook} did not run (${job?.errorMessage ?? job?.state ?? "job missing"}): the application may still be quiesced on ${spec.productionHost} until its agent's freeze guard thaws it`;
  await commit(run, { frozenSince: null, thawJobId: null, frozenMs: run.frozenMs + frozenMs, errorMessage: `${run.errorMessage ?? ""}${note}` });
  return true;
}

async function auditRunEnd(run: RunRow, result: "ok" | "failed", message: string, now: Date): Promise<void> {
  await writeAuditEntry({ actorType: "system", actorId: null, action: "runbook.run.end", object: `run ${run.id}`, result, detail: { message }, at: now });
}
