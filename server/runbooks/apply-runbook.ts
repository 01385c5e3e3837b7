import "server-only";
// `pitcrew runbook apply FILE` and the runbook form: creates the runbook, or replaces the spec of
// the one with the same name (operators keep runbooks in version control and apply them again).
// Runs already started keep the spec they started with.
import { describeSpecIssues, nextScheduledRun, type RunbookSpec, runbookSpecSchema } from "@/lib/runbook-spec";
import { writeAuditEntry } from "@/server/audit/write-audit-entry";
import { inTransaction } from "@/server/db-transaction";
import { AppError } from "@/server/errors";

export interface ApplyRunbookInput {
  spec: unknown;
  userId: string | null;
  fromAddress?: string | null;
  now?: Date;
}

export async function applyRunbook(
  input: ApplyRunbookInput,
): Promise<{ id: string; name: string; created: boolean; spec: RunbookSpec }> {
  const now = input.now ?? new Date();
  const parsed = runbookSpecSchema.safeParse(input.spec);
  const name =
    typeof (input.spec as { name?: unknown } | null)?.name === "string" ? (input.spec as { name: string }).name : null;
  if (!parsed.success) {
    const message = `Invalid runbook${name ? ` ${name}` : ""}: ${describeSpecIssues(parsed.error, null).join("; ")}`;
    await writeAuditEntry({
      actorType: input.userId ? "user" : "system",
      actorId: input.userId,
      action: "runbook.apply",
      object: name ? `runbook ${name}` : null,
      result: "refused",
      detail: { message },
      fromAddress: input.fromAddress,
      at: now,
    });
    throw new AppError("INVALID_INPUT", message);
  }
  const spec = parsed.data;
  const specJson = JSON.stringify(spec);
  const nextRunAt = spec.schedule ? nextScheduledRun(spec.schedule, now) : null;
  return inTransaction(async (tx) => {
    const existing = await tx.runbook.findUnique({ where: { name: spec.name }, select: { id: true } });
    const row = existing
      ? await tx.runbook.update({ where: { id: existing.id }, data: { specJson, nextRunAt }, select: { id: true } })
      : await tx.runbook.create({ data: { name: spec.name, specJson, nextRunAt }, select: { id: true } });
    await writeAuditEntry(
      {
        actorType: input.userId ? "user" : "system",
        actorId: input.userId,
        action: "runbook.apply",
        object: `runbook ${spec.name}`,
        result: "ok",
        detail: { created: !existing, spec },
        fromAddress: input.fromAddress,
        at: now,
      },
      tx,
    );
    return { id: row.id, name: spec.name, created: !existing, spec };
  });
}
