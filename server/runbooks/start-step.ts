import "server-only";
// Starts the run's current step as a new attempt: plans its jobs from the hosts' inventories at
// this moment (lib/runbook-steps.ts), so a step started again after a failure issues only what is
// still missing. A step that cannot be planned (host offline, no inventory) is created failed and
// fails the run.
import type { Inventory } from "@/lib/agent-protocol";
import type { InitialRunStepState } from "@/lib/run-step-states";
import { isHostOnline } from "@/lib/host-online";
import { mergeSetWarnings, runbookSetModes, scanModeWarnings } from "@/lib/runbook-freeze";
import type { RunbookSpec } from "@/lib/runbook-spec";
import {
  planRunbookStep,
  type RunbookAction,
  runbookStepInfo,
  type RunbookStepKey,
  runbookStepKeys,
} from "@/lib/runbook-steps";
import { prisma } from "@/server/db";
import { AppError } from "@/server/errors";
import { isUniqueViolation } from "@/server/jobs/is-unique-violation";
import { loadHost } from "@/server/storage/load-host";
import { auditRunEnd } from "@/server/runbooks/audit-run-end";
import { appendLog, commitRun, StaleRun } from "@/server/runbooks/commit-run";
import { failedRunData } from "@/server/runbooks/fail-step";
import type { RunRow } from "@/server/runbooks/run-select";

const NO_INVENTORY: Inventory = {
  roots: [],
  hooks: [],
  diskGroups: [],
  tapeDevices: [],
  sets: [],
  svVolumes: [],
  collectedAt: 0,
};

export async function startStep(run: RunRow, attempt: number, now: Date): Promise<boolean> {
  const { spec } = run;
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
      const expiredArchives =
        key === "backup" && spec.backup.kind === "archive" && spec.keepArchives !== null && run.runbookId !== null
          ? await prisma.archive.findMany({
              where: { runbookId: run.runbookId, deletedAt: null },
              orderBy: { createdAt: "desc" },
              skip: spec.keepArchives - 1,
              select: { targetDir: true, label: true },
            })
          : [];
      actions = planRunbookStep(key, {
        spec,
        sets: run.sets,
        production: production.inventory,
        // Only a rejoin without the backup host gets here with no backup inventory, and it plans without it.
        backup: backup.inventory ?? NO_INVENTORY,
        archiveLabel: run.archiveLabel,
        pointInTime: run.pointInTime?.toISOString() ?? null,
        expiredArchives,
        withoutBackupHost: run.rejoinForced,
      });
      if (key === "rejoin")
        log.push(run.rejoinForced ? withoutBackupHostMessage(spec) : rejoinGateMessage(spec, run.backupWrites));
      if (key === "update") {
        const scans = scanModeWarnings(runbookSetModes(run.sets, production.inventory), spec.quiesceHook !== null);
        warnings = mergeSetWarnings(run.warnings, scans);
        log.push(...scans.map((s) => s.warning));
      }
    }
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    problem = err.message;
  }
  try {
    const data = problem
      ? failedRunData(run, { code: "RUNBOOK_STEP", message: problem, object: `host ${hostName}` }, key, hostName, now)
      : {};
    await commitRun(run, { ...data, ...(warnings ? { warningsJson: JSON.stringify(warnings) } : {}) }, async (tx) => {
      await tx.runbookStep.create({
        data: {
          runId: run.id,
          key,
          attempt,
          hostName,
          actionsJson: JSON.stringify(actions),
          startedAt: now,
          state: (problem ? "failed" : "running") satisfies InitialRunStepState,
          finishedAt: problem ? now : null,
          errorMessage: problem,
          logJson: appendLog(
            [],
            now,
            ...log,
            ...(problem ? [problem] : actions.length ? [`planned ${actions.length} job(s)`] : ["nothing to do"]),
          ),
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
  return (
    `rejoin gate: ${written} chunk(s) of 32 KiB were written on host ${spec.backupHost} while it held the shadows; ` +
    `the join records them and the next update copies the master's data over them (the master's data wins)`
  );
}

export function withoutBackupHostMessage(spec: RunbookSpec): string {
  return (
    `without host ${spec.backupHost}: an operator said it is gone for good, so nobody releases the shadows there; ` +
    `disk group ${spec.snapshotDiskGroup} is taken over and each shadow is joined without ${spec.backupHost}'s record, ` +
    `so the next update scans every shadow for what ${spec.backupHost} wrote (the master's data wins)`
  );
}
