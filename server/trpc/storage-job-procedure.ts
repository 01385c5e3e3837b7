import "server-only";
// The one shape of every storage mutation: the job kind's own args (lib/job-types) plus the host
// and an optional idempotency key; the procedure queues the job and returns it.
import { z } from "zod";
import { hostNameSchema } from "@/lib/agent-protocol";
import type { JobKind } from "@/lib/job-types";
import { startStorageJob } from "@/server/storage/start-storage-job";
import { operatorProcedure } from "@/server/trpc/init";

const onHost = {
  host: hostNameSchema,
  /** Repeating a request with the same key returns the same job instead of queueing another. */
  idempotencyKey: z.string().min(8).max(200).optional(),
};

export function storageJobProcedure<Shape extends z.ZodRawShape>(
  kind: JobKind,
  args: z.ZodObject<Shape>,
  toJobArgs: (input: Record<string, unknown>) => Record<string, unknown> = (input) => input,
) {
  return operatorProcedure.input(args.extend(onHost)).mutation(({ ctx, input }) => {
    const { host, idempotencyKey, ...rest } = input as Record<string, unknown> & {
      host: string;
      idempotencyKey?: string;
    };
    return startStorageJob({
      caller: ctx.caller,
      fromAddress: ctx.fromAddress,
      hostName: host,
      kind,
      args: toJobArgs(rest),
      idempotencyKey,
    });
  });
}

export const hostInput = z.object({ host: hostNameSchema });
