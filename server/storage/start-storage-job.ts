import "server-only";
// Every storage action of the console (iiadm, svadm, disk groups, volumes) is a job on one host:
// look the host up by name, resolve its volume operands, then queue it through server/jobs, which
// validates the args, takes the locks and audits.
import type { Inventory } from "@/lib/agent-protocol";
import type { JobKind } from "@/lib/job-types";
import type { Caller } from "@/server/auth/resolve-caller";
import { createJob } from "@/server/jobs/create-job";
import type { JobDetail } from "@/server/jobs/job-select";
import { loadHost } from "@/server/storage/load-host";
import { resolveJobVolumes } from "@/server/storage/resolve-job-volumes";

export interface StartStorageJobInput {
  /** The operator, or null for the system (a runbook run). */
  caller: Caller | null;
  fromAddress: string | null;
  hostName: string;
  kind: JobKind;
  args: Record<string, unknown>;
  idempotencyKey?: string | null;
}

/**
 * A job on a group works on each of its sets: lock them too, so a copy of the group and a job on
 * one member cannot run at once. Members come from the inventory ("" is the sets in no group).
 */
function groupMemberLockKeys(inventory: Inventory | null, args: Record<string, unknown>): string[] {
  const target = args.target as { kind?: string; group?: string } | undefined;
  if (target?.kind !== "group" || !inventory) return [];
  return inventory.sets.filter((s) => (s.group ?? "") === target.group).map((s) => `set:${s.shadow}`);
}

export async function startStorageJob(input: StartStorageJobInput): Promise<JobDetail> {
  const host = await loadHost(input.hostName);
  const args = resolveJobVolumes(host.name, host.inventory, input.args);
  return createJob({
    hostId: host.id,
    kind: input.kind,
    args,
    requestedById: input.caller?.userId ?? null,
    extraLockKeys: groupMemberLockKeys(host.inventory, args),
    idempotencyKey: input.idempotencyKey ?? null,
    fromAddress: input.fromAddress,
  });
}
