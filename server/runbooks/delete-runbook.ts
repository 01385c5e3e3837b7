import "server-only";
// Deletes a runbook (the runbook page's "Delete runbook", `pitcrew runbook delete NAME`). Its runs
// and archives stay: the runs are history (steps, custody, freeze time) and the archives describe
// files still on the backup host, so the sets' lineage keeps listing them (their runbookId becomes
// null; a run keeps the runbook's name).
//
// Refused while a run could still move the snapshot disk group: an active run, or a failed run that
// can be resumed. A failed run may have left the disk group on the backup host or deported, and
// resuming it is the only way the console brings it back; deleting the runbook would leave nobody
// in charge of it. The operator resumes the run to the end or cancels (abandons) it first.
import { runbookStepKeys } from "@/lib/runbook-steps";
import { activeRunStates } from "@/lib/run-states";
import { writeAuditEntry } from "@/server/audit/write-audit-entry";
import { prisma } from "@/server/db";
import { inTransaction } from "@/server/db-transaction";
import { AppError } from "@/server/errors";
import { parseStoredSpec } from "@/server/runbooks/parse-stored-spec";

export interface DeleteRunbookInput {
  name: string;
  userId: string | null;
  fromAddress?: string | null;
  now?: Date;
}

export interface DeletedRunbook {
  name: string;
  /** Runs and archives kept as history. */
  keptRuns: number;
  keptArchives: number;
}

/** Runs that still hold the runbook: active, or failed at a real step (resumable; a failed start check ran nothing). */
const blockingRunWhere = {
  OR: [{ state: { in: [...activeRunStates] } }, { state: "failed", errorStep: { in: [...runbookStepKeys] } }],
};

export async function deleteRunbook(input: DeleteRunbookInput): Promise<DeletedRunbook> {
  const now = input.now ?? new Date();
  const audit = {
    actorType: input.userId ? "user" : "system",
    actorId: input.userId,
    action: "runbook.delete",
    object: `runbook ${input.name}`,
    fromAddress: input.fromAddress,
    at: now,
  } as const;
  const refuse = async (code: "NOT_FOUND" | "CONFLICT", message: string): Promise<never> => {
    await writeAuditEntry({ ...audit, result: "refused", detail: { message } });
    throw new AppError(code, message);
  };

  const runbook = await prisma.runbook.findUnique({
    where: { name: input.name },
    select: { id: true, name: true, specJson: true },
  });
  if (!runbook) return refuse("NOT_FOUND", `runbook: ${input.name} not found`);
  const blocking = await prisma.runbookRun.findFirst({
    where: { runbookId: runbook.id, ...blockingRunWhere },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      state: true,
      stepKey: true,
      errorStep: true,
      specJson: true,
      custody: { orderBy: { at: "desc" }, take: 1, select: { holder: true } },
    },
  });
  if (blocking) return refuse("CONFLICT", blockedMessage(runbook.name, blocking));

  const spec = parseStoredSpec(runbook.specJson, `runbook ${runbook.name}`);
  return inTransaction(async (tx) => {
    // The check and the delete are one statement, so a run started or resumed since the check
    // above (another operator, the schedule) makes this delete nothing instead of orphaning it.
    const keptRuns = await tx.runbookRun.count({ where: { runbookId: runbook.id } });
    const keptArchives = await tx.archive.count({ where: { runbookId: runbook.id } });
    const { count } = await tx.runbook.deleteMany({ where: { id: runbook.id, runs: { none: blockingRunWhere } } });
    if (count === 0)
      throw new AppError(
        "CONFLICT",
        `runbook ${runbook.name} changed while deleting it (a run started or was resumed); look at its runs and try again`,
      );
    await writeAuditEntry({ ...audit, result: "ok", detail: { spec, keptRuns, keptArchives } }, tx);
    return { name: runbook.name, keptRuns, keptArchives };
  });
}

interface BlockingRun {
  id: string;
  state: string;
  stepKey: string;
  errorStep: string | null;
  specJson: string;
  custody: { holder: string | null }[];
}

function blockedMessage(name: string, run: BlockingRun): string {
  const spec = parseStoredSpec(run.specJson, `run ${run.id}`);
  const holder = run.custody[0]?.holder ?? null;
  const where =
    holder === spec.productionHost
      ? null
      : holder
        ? `snapshot disk group ${spec.snapshotDiskGroup} is held by host ${holder}, not production host ${spec.productionHost}`
        : `snapshot disk group ${spec.snapshotDiskGroup} is deported (held by no host), not on production host ${spec.productionHost}`;
  if (run.state !== "failed") {
    return (
      `runbook ${name} has run ${run.id} ${run.state} (step ${run.stepKey})${where ? `; ${where}` : ""}: ` +
      `let it finish, or cancel it (pitcrew runbook cancel ${run.id}), before deleting the runbook`
    );
  }
  return (
    `runbook ${name} has run ${run.id} that failed at step ${run.errorStep} and can still be resumed${where ? `; ${where}` : ""}: ` +
    `resume it to the end, or cancel it to abandon it (pitcrew runbook cancel ${run.id}), before deleting the runbook`
  );
}
