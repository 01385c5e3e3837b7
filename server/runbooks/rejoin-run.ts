import "server-only";
// Brings a cancelled run's shadows home. A run cancelled after its export leaves the shadows
// exported, the snapshot disk group deported or on the backup host, and the next run refuses to
// start until they are joined again. This sends the run through its last two steps once more:
// release (disable the imported sets on the backup host, sv disable, deport) and rejoin (import on
// the production host, join each shadow with its secondary bitmap, sv enable). Both are planned
// from the hosts' inventories, so only what is still away is moved. No backup is taken and the
// run ends cancelled, with its shadows home; the next update copies what either host wrote.
//
// Without the backup host (gone for good: dead, rebuilt, revoked), there is nobody to release:
// the run goes to its rejoin step alone, which imports the disk group clearing the backup host's
// lock (vxdg import -C) and joins each shadow without the backup host's record (iiadm -n -J), so
// the next update scans every shadow for what the backup host wrote. Refused while the backup
// host is online: two hosts must never both believe they hold the volumes.
import { isHostOnline } from "@/lib/host-online";
import { activeRunStates } from "@/lib/run-states";
import { rejoinStepKeys, runLeftProduction } from "@/lib/runbook-steps";
import { writeAuditEntry } from "@/server/audit/write-audit-entry";
import { prisma } from "@/server/db";
import { AppError } from "@/server/errors";
import { parseStoredSpec } from "@/server/runbooks/parse-stored-spec";
import { checkRunTransition } from "@/server/runbooks/check-run-transition";
import { type RunSummary, runSummarySelect, toRunSummary } from "@/server/runbooks/run-select";

export interface RejoinInput {
  runId: string;
  userId: string | null;
  username: string;
  /** The backup host is gone for good: take the shadows home without it. */
  withoutBackupHost?: boolean;
  fromAddress?: string | null;
  now?: Date;
}

export async function rejoinRun(input: RejoinInput): Promise<RunSummary> {
  const now = input.now ?? new Date();
  const run = await prisma.runbookRun.findUnique({
    where: { id: input.runId },
    select: {
      id: true,
      runbookId: true,
      runbookName: true,
      state: true,
      specJson: true,
      errorStep: true,
      rejoinRequestedAt: true,
      rejoinedAt: true,
      createdAt: true,
      version: true,
      steps: { select: { key: true } },
    },
  });
  if (!run) throw new AppError("NOT_FOUND", `run: ${input.runId} not found`);
  const refuse = async (message: string): Promise<never> => {
    await writeAuditEntry({
      actorType: input.userId ? "user" : "system",
      actorId: input.userId,
      action: "runbook.rejoin",
      object: `run ${run.id}`,
      result: "refused",
      detail: { message },
      fromAddress: input.fromAddress,
      at: now,
    });
    throw new AppError("CONFLICT", message);
  };
  const spec = parseStoredSpec(run.specJson, `run ${run.id}`);
  const forced = input.withoutBackupHost === true;
  // A rejoin that failed (typically at release, the backup host being gone) may go on without it.
  const failedRejoin = run.state === "failed" && run.rejoinRequestedAt !== null;
  if (run.state === "failed" && !(forced && failedRejoin)) {
    return refuse(
      run.rejoinRequestedAt
        ? `run ${run.id} failed while bringing its shadows home; resume it once the cause is fixed, or, if host ${spec.backupHost} is gone for good, bring them home without it`
        : `run ${run.id} failed; resume it to finish the backup, or abandon it (cancel) first, then bring its shadows home`,
    );
  }
  if (run.state !== "cancelled" && !failedRejoin)
    return refuse(`run ${run.id} is ${run.state}; only a cancelled run's shadows are brought home this way`);
  if (run.rejoinedAt) return refuse(`run ${run.id}'s shadows were brought home at ${run.rejoinedAt.toISOString()}`);
  if (!runLeftProduction(run.steps.map((s) => s.key))) {
    return refuse(
      `run ${run.id} was cancelled at step ${run.errorStep ?? "unknown"}, before it exported anything: its shadows never left host ${spec.productionHost}`,
    );
  }
  const sameRunbook =
    run.runbookId === null ? { runbookId: null, runbookName: run.runbookName } : { runbookId: run.runbookId };
  const active = await prisma.runbookRun.findFirst({
    where: { ...sameRunbook, state: { in: [...activeRunStates] }, id: { not: run.id } },
    select: { id: true },
  });
  if (active) return refuse(`run ${active.id} of runbook ${run.runbookName} is active; one run at a time`);
  const newer = await prisma.runbookRun.findFirst({
    where: { ...sameRunbook, createdAt: { gt: run.createdAt } },
    select: { id: true },
  });
  if (newer)
    return refuse(
      `run ${newer.id} of runbook ${run.runbookName} started after it; only the latest run's shadows can be brought home this way`,
    );
  if (forced) {
    const backup = await prisma.host.findUnique({
      where: { name: spec.backupHost },
      select: { lastHeartbeat: true, revokedAt: true },
    });
    if (backup && !backup.revokedAt && isHostOnline(backup.lastHeartbeat?.toISOString() ?? null, now.getTime())) {
      return refuse(
        `host ${spec.backupHost} is online (last heartbeat ${backup.lastHeartbeat!.toISOString()}): bring the shadows home with it, so that it releases them first`,
      );
    }
  }

  checkRunTransition(run, "running");
  const { count } = await prisma.runbookRun.updateMany({
    where: { id: run.id, version: run.version, state: run.state },
    data: {
      // The operator asked for the rejoin: that passes the approveRejoin gate.
      state: "running",
      stepKey: forced ? "rejoin" : rejoinStepKeys[0],
      rejoinRequestedAt: now,
      rejoinForced: forced,
      approvedAt: now,
      approvedBy: input.username,
      cancelRequestedAt: null,
      finishedAt: null,
      version: { increment: 1 },
      // Why the run stopped stays on record (the run page shows it); a failed rejoin's own error goes.
      ...(failedRejoin
        ? { errorStep: null, errorHost: null, errorCode: null, errorObject: null, errorMessage: null }
        : {}),
    },
  });
  if (count === 0) return refuse(`run ${run.id} changed while starting the rejoin; try again`);
  await writeAuditEntry({
    actorType: input.userId ? "user" : "system",
    actorId: input.userId,
    action: "runbook.rejoin",
    object: `run ${run.id}`,
    result: "ok",
    detail: { cancelledAt: run.errorStep, withoutBackupHost: forced },
    fromAddress: input.fromAddress,
    at: now,
  });
  return toRunSummary(await prisma.runbookRun.findUniqueOrThrow({ where: { id: run.id }, select: runSummarySelect }));
}
