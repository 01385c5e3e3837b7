import "server-only";
// The agent's last word on an attempt: succeeded, failed or cancelled. Only the attempt that holds
// the job may finish it; repeating the same finish (a retried request) is a no-op success. The
// job's locks are released in the same transaction, so the next job on its objects can queue.
import type { Inventory } from "@/lib/agent-protocol";
import { writeAuditEntry } from "@/server/audit/write-audit-entry";
import { prepareInventoryReport } from "@/server/hosts/prepare-inventory-report";
import { storeInventory, storeInventoryTransactionOptions } from "@/server/hosts/store-inventory";
import { prisma } from "@/server/db";
import { inTransaction } from "@/server/db-transaction";
import { AppError } from "@/server/errors";
import { canTransitionJob } from "@/lib/job-states";
import { parseJobResult } from "@/lib/job-results";
import { isJobKind } from "@/lib/job-types";
import { announceJobEnded } from "@/server/jobs/job-wakeups";
import { recordDiskGroupHolder } from "@/server/storage/record-disk-group-holder";

export interface FinishJobInput {
  hostId: string;
  jobId: string;
  attempt: number;
  outcome: "succeeded" | "failed" | "cancelled";
  result?: Record<string, unknown> | null;
  error?: { code: string; message: string; object: string | null } | null;
  /** The host's inventory after the job, stored in the same transaction as the outcome. */
  inventory?: Inventory;
  now?: Date;
}

function changesSharedStorage(kind: string): boolean {
  return kind.startsWith("dg.") || kind === "volume.create";
}

export async function finishJob(input: FinishJobInput): Promise<{ ok: true }> {
  const { hostId, jobId, attempt, outcome, now = new Date() } = input;
  const job = await prisma.job.findUnique({
    where: { id: jobId },
    select: { hostId: true, state: true, attempt: true, kind: true, argsJson: true, host: { select: { name: true } } },
  });
  if (!job || job.hostId !== hostId) throw new AppError("NOT_FOUND", `Job ${jobId} not found on this host`);
  if (job.attempt === attempt && job.state === outcome) return { ok: true };
  if (job.attempt !== attempt || !canTransitionJob(job.state, outcome)) {
    throw new AppError(
      "LEASE_LOST",
      `Job ${jobId} attempt ${attempt} cannot finish as ${outcome}: it is ${job.state}, attempt ${job.attempt}`,
    );
  }
  // A result that does not match its kind is refused, not stored: runbooks and the console read it typed.
  if (input.result && isJobKind(job.kind)) {
    const parsed = parseJobResult(job.kind, input.result);
    if (!parsed.ok) {
      throw new AppError(
        "INVALID_INPUT",
        `Job ${jobId} (${job.kind}) reported an invalid result: ${parsed.problems.join("; ")}`,
      );
    }
  }
  // A failure without an error would leave the operator nothing to act on; say so instead.
  const error =
    input.error ??
    (outcome === "failed"
      ? { code: "UNKNOWN", message: "The agent reported a failure without an error", object: null }
      : null);

  const report = input.inventory && (await prepareInventoryReport(input.inventory));
  const finished = await inTransaction(async (tx) => {
    const { count } = await tx.job.updateMany({
      where: { id: jobId, state: "running", attempt },
      data: {
        state: outcome,
        finishedAt: now,
        leaseExpiresAt: null,
        errorCode: error?.code ?? null,
        errorMessage: error?.message ?? null,
        errorObject: error?.object ?? null,
        resultJson: input.result ? JSON.stringify(input.result) : null,
      },
    });
    if (count === 0) return false;
    await tx.jobLock.deleteMany({ where: { jobId } });
    // Same `now` as finishedAt: a client that sees the job end sees Host.inventoryAt >= its end.
    // An inventory collected before the stored one is not stored (lib/inventory-freshness.ts).
    // The console's record of who holds the disk group comes from the job, before the host's
    // report is stored, so the report is read against it (lib/disk-group-ownership.ts).
    if (outcome === "succeeded") {
      await recordDiskGroupHolder(tx, { jobId, kind: job.kind, argsJson: job.argsJson, hostName: job.host.name, now });
    }
    if (report) await storeInventory(tx, { hostId, report, now });
    // Disk groups live on shared storage: the other hosts see the change too, so their mirrors
    // are refreshed on their next heartbeat instead of up to five minutes later.
    if (outcome === "succeeded" && changesSharedStorage(job.kind)) {
      await tx.host.updateMany({ where: { id: { not: hostId }, revokedAt: null }, data: { inventoryWantedAt: now } });
    }
    await writeAuditEntry(
      {
        actorType: "agent",
        actorId: hostId,
        action: "job.finish",
        object: `job ${jobId}`,
        result: outcome === "failed" ? "failed" : "ok",
        detail: { outcome, attempt, error },
        at: now,
      },
      tx,
    );
    return true;
  }, storeInventoryTransactionOptions);
  if (finished) {
    announceJobEnded();
    return { ok: true };
  }
  // The job moved between the read and the update: a concurrent identical finish is still fine.
  const current = await prisma.job.findUnique({ where: { id: jobId }, select: { state: true, attempt: true } });
  if (current && current.attempt === attempt && current.state === outcome) return { ok: true };
  throw new AppError(
    "LEASE_LOST",
    `Job ${jobId} attempt ${attempt} cannot finish as ${outcome}: it is ${current?.state ?? "gone"}, attempt ${current?.attempt ?? "?"}`,
  );
}
