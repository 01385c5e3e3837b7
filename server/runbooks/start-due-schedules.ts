import "server-only";
// Unattended runs: every runbook whose schedule slot has come gets a run, once, even with several
// console processes (the slot is claimed with a conditional update of nextRunAt, and a run is
// unique per runbook and slot). A slot that comes while the previous run is still active is
// skipped and audited, never queued behind it.
import { nextScheduledRun } from "@/lib/runbook-spec";
import { writeAuditEntry } from "@/server/audit/write-audit-entry";
import { prisma } from "@/server/db";
import { AppError } from "@/server/errors";
import { isUniqueViolation } from "@/server/jobs/is-unique-violation";
import { parseStoredSpec } from "@/server/runbooks/parse-stored-spec";
import { startRun } from "@/server/runbooks/start-run";

export async function startDueSchedules(now = new Date()): Promise<string[]> {
  const due = await prisma.runbook.findMany({
    where: { nextRunAt: { lte: now } },
    select: { id: true, name: true, specJson: true, nextRunAt: true },
  });
  const started: string[] = [];
  for (const runbook of due) {
    const spec = parseStoredSpec(runbook.specJson, `runbook ${runbook.name}`);
    const next = spec.schedule ? nextScheduledRun(spec.schedule, now) : null;
    const { count } = await prisma.runbook.updateMany({
      where: { id: runbook.id, nextRunAt: runbook.nextRunAt },
      data: { nextRunAt: next },
    });
    if (count === 0) continue; // another console took this slot
    try {
      const run = await startRun({
        runbookName: runbook.name,
        trigger: "schedule",
        requestedBy: "schedule",
        userId: null,
        scheduledFor: runbook.nextRunAt,
        now,
      });
      started.push(run.id);
    } catch (err) {
      if (isUniqueViolation(err)) continue;
      if (!(err instanceof AppError)) throw err;
      await writeAuditEntry({
        actorType: "system",
        actorId: null,
        action: "runbook.schedule",
        object: `runbook ${runbook.name}`,
        result: "refused",
        detail: { slot: runbook.nextRunAt?.toISOString(), message: `slot skipped: ${err.message}` },
        at: now,
      });
    }
  }
  return started;
}
