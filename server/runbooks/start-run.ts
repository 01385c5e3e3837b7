import "server-only";
// Starts a run of a runbook ("run now", the CLI, or the schedule). Before anything is issued the
// run is checked: both hosts enrolled and online, the hooks in their agents' configs, and the
// placement of the snapshot disk group (lib/runbook-placement). A manual run that fails the
// check is refused with every problem named and nothing created; a scheduled one is recorded as
// a failed run, so that an unattended failure shows on the overview.
import { checkArchiveTarget } from "@/lib/archive-target-check";
import { isHostOnline } from "@/lib/host-online";
import { checkRunbookPlacement, type PlacementCheck } from "@/lib/runbook-placement";
import type { RunbookSpec } from "@/lib/runbook-spec";
import { runbookStepSequence } from "@/lib/runbook-steps";
import { activeRunStates, type InitialRunState } from "@/lib/run-states";
import { writeAuditEntry } from "@/server/audit/write-audit-entry";
import { prisma } from "@/server/db";
import { inTransaction } from "@/server/db-transaction";
import { AppError } from "@/server/errors";
import { type LoadedHost, loadHost } from "@/server/storage/load-host";
import { parseStoredSpec } from "@/server/runbooks/parse-stored-spec";
import { type RunSummary, runSummarySelect, toRunSummary } from "@/server/runbooks/run-select";

export interface StartRunInput {
  runbookName: string;
  trigger: "manual" | "schedule";
  /** A username, or "schedule". */
  requestedBy: string;
  userId: string | null;
  scheduledFor?: Date | null;
  fromAddress?: string | null;
  now?: Date;
}

/** Everything that would stop a run of `spec` right now, and the sets it would drive. */
export async function preflightRunbook(spec: RunbookSpec, now = new Date()): Promise<PlacementCheck> {
  const problems: string[] = [];
  const hosts: Partial<Record<"productionHost" | "backupHost", LoadedHost>> = {};
  for (const field of ["productionHost", "backupHost"] as const) {
    try {
      const host = await loadHost(spec[field]);
      hosts[field] = host;
      if (host.revokedAt) problems.push(`${field}: host ${host.name} was revoked`);
      else if (!isHostOnline(host.lastHeartbeat?.toISOString() ?? null, now.getTime())) {
        problems.push(
          `${field}: host ${host.name} is offline (last heartbeat ${host.lastHeartbeat?.toISOString() ?? "never"})`,
        );
      }
      if (!host.inventory) problems.push(`${field}: host ${host.name} has not reported an inventory yet`);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      problems.push(`${field}: ${err.message.replace(/^host: /, "")}`);
    }
  }
  const P = hosts.productionHost?.inventory;
  const B = hosts.backupHost?.inventory;
  for (const field of ["quiesceHook", "resumeHook"] as const) {
    const hook = spec[field];
    if (hook && P && !P.hooks.includes(hook)) {
      problems.push(
        `${field}: hook ${hook} is not in the agent config of host ${spec.productionHost} (its hooks: ${P.hooks.join(", ") || "none"})`,
      );
    }
  }
  if (spec.backup.kind === "archive" && B) {
    const problem = checkArchiveTarget(spec.backup.targetDir, B.archiveRoots, {
      runbook: spec.name,
      host: spec.backupHost,
    });
    if (problem) problems.push(problem);
  }
  if (spec.backup.kind === "tape" && B && !B.tapeDevices.includes(spec.backup.device)) {
    problems.push(
      `backup.device: ${spec.backup.device} is not in the tapeDevices of the agent config of host ${spec.backupHost} ` +
        `(its tape devices: ${B.tapeDevices.join(", ") || "none"})`,
    );
  }
  if (spec.backup.kind === "hook" && B && !B.hooks.includes(spec.backup.hook)) {
    problems.push(
      `backup.hook: hook ${spec.backup.hook} is not in the agent config of host ${spec.backupHost} (its hooks: ${B.hooks.join(", ") || "none"})`,
    );
  }
  if (!P) return { problems, sets: [], holder: null };
  const placement = checkRunbookPlacement(spec, P);
  if (placement.problems.length === 0 && placement.holder !== spec.productionHost) {
    problems.push(
      `snapshotDiskGroup: ${spec.snapshotDiskGroup} is ${placement.holder ? `held by host ${placement.holder}` : "deported"}; ` +
        `a run starts with it imported on ${spec.productionHost} (finish or resume the run that moved it, or import it there)`,
    );
  }
  return { ...placement, problems: [...problems, ...placement.problems] };
}

function archiveLabel(name: string, now: Date): string {
  return `${name}-${now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z")}`;
}

export async function startRun(input: StartRunInput): Promise<RunSummary> {
  const now = input.now ?? new Date();
  const runbook = await prisma.runbook.findUnique({
    where: { name: input.runbookName },
    select: { id: true, name: true, specJson: true },
  });
  if (!runbook) throw new AppError("NOT_FOUND", `runbook: ${input.runbookName} not found`);
  const spec = parseStoredSpec(runbook.specJson, `runbook ${runbook.name}`);
  const audit = {
    actorType: input.userId ? "user" : "system",
    actorId: input.userId,
    action: "runbook.run",
    object: `runbook ${runbook.name}`,
    fromAddress: input.fromAddress,
    at: now,
  } as const;

  const active = await prisma.runbookRun.findFirst({
    where: { runbookId: runbook.id, state: { in: [...activeRunStates] } },
    select: { id: true, state: true, stepKey: true },
  });
  if (active) {
    const message = `runbook ${runbook.name} already has run ${active.id} (${active.state}, step ${active.stepKey}); one run at a time`;
    await writeAuditEntry({ ...audit, result: "refused", detail: { message } });
    throw new AppError("CONFLICT", message);
  }
  const check = await preflightRunbook(spec, now);
  const sequence = runbookStepSequence(spec);
  const base = {
    runbookId: runbook.id,
    runbookName: runbook.name,
    specJson: JSON.stringify(spec),
    setsJson: JSON.stringify(check.sets),
    trigger: input.trigger,
    scheduledFor: input.scheduledFor ?? null,
    requestedBy: input.requestedBy,
    archiveLabel: archiveLabel(spec.name, now),
    createdAt: now,
  };
  if (check.problems.length) {
    const message = `runbook ${runbook.name} cannot run: ${check.problems.join("; ")}`;
    if (input.trigger === "manual") {
      await writeAuditEntry({ ...audit, result: "refused", detail: { problems: check.problems } });
      throw new AppError("CONFLICT", message);
    }
    const failed = await prisma.runbookRun.create({
      data: {
        ...base,
        state: "failed" satisfies InitialRunState,
        stepKey: "check",
        errorStep: "check",
        errorCode: "RUNBOOK_CHECK",
        errorMessage: message,
        finishedAt: now,
      },
      select: runSummarySelect,
    });
    await writeAuditEntry({
      ...audit,
      object: `run ${failed.id}`,
      result: "failed",
      detail: { problems: check.problems },
    });
    return toRunSummary(failed);
  }
  const run = await inTransaction(async (tx) => {
    const created = await tx.runbookRun.create({
      data: { ...base, state: "running" satisfies InitialRunState, stepKey: sequence[0]! },
      select: runSummarySelect,
    });
    await tx.runbookCustody.create({
      data: {
        runId: created.id,
        at: now,
        holder: check.holder,
        stepKey: "start",
        note: `${spec.snapshotDiskGroup} held by ${check.holder} at the start`,
      },
    });
    await writeAuditEntry(
      {
        ...audit,
        object: `run ${created.id}`,
        result: "ok",
        detail: { runbook: runbook.name, trigger: input.trigger, sets: check.sets.length },
      },
      tx,
    );
    return created;
  });
  return toRunSummary(run);
}
