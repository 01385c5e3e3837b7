import "server-only";
import { writeAuditEntry } from "@/server/audit/write-audit-entry";
import type { RunRow } from "@/server/runbooks/run-select";

export async function auditRunEnd(run: RunRow, result: "ok" | "failed", message: string, now: Date): Promise<void> {
  await writeAuditEntry({
    actorType: "system",
    actorId: null,
    action: "runbook.run.end",
    object: `run ${run.id}`,
    result,
    detail: { message },
    at: now,
  });
}
