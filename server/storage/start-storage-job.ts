import "server-only";
// Every storage action of the console (iiadm, svadm, disk groups, volumes) is a job on one host:
// look the host up by name, resolve its volume operands, then queue it through server/jobs, which
// validates the args, takes the locks and audits.
import type { JobKind } from "@/lib/job-types";
import type { Caller } from "@/server/auth/resolve-caller";
import { createJob } from "@/server/jobs/create-job";
import type { JobDetail } from "@/server/jobs/job-select";
import { loadHost } from "@/server/storage/load-host";
import { resolveJobVolumes } from "@/server/storage/resolve-job-volumes";

export interface StartStorageJobInput {
  caller: Caller;
  fromAddress: string | null;
  hostName: string;
  kind: JobKind;
  args: Record<string, unknown>;
  idempotencyKey?: string | null;
}

export async function startStorageJob(input: StartStorageJobInput): Promise<JobDetail> {
  const host = await loadHost(input.hostName);
  const args = resolveJobVolumes(host.name, host.inventory, input.args);
  return createJob({
    hostId: host.id, kind: input.kind, args, requestedById: input.caller.userId,
    idempotencyKey: input.idempotencyKey ?? null, fromAddress: input.fromAddress,
  });
}
