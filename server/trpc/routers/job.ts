import "server-only";
// Jobs: the history and live state of every operation, and cancelling one.
import { z } from "zod";
import { hostNameSchema } from "@/lib/agent-protocol";
import { cancelJob } from "@/server/jobs/cancel-job";
import { getJob } from "@/server/jobs/get-job";
import { listJobEvents } from "@/server/jobs/list-job-events";
import { listJobs } from "@/server/jobs/list-jobs";
import { jobStates } from "@/lib/job-states";
import { loadHost } from "@/server/storage/load-host";
import { createTRPCRouter, operatorProcedure, viewerProcedure } from "@/server/trpc/init";

const jobId = z.object({ id: z.string().min(1).max(64) });

export const jobRouter = createTRPCRouter({
  list: viewerProcedure
    .input(
      z
        .object({
          host: hostNameSchema.optional(),
          state: z.enum(jobStates).optional(),
          limit: z.number().int().min(1).max(500).optional(),
        })
        .default({}),
    )
    .query(async ({ input }) =>
      listJobs({
        hostId: input.host ? (await loadHost(input.host)).id : undefined,
        state: input.state,
        limit: input.limit,
      }),
    ),
  get: viewerProcedure.input(jobId).query(({ input }) => getJob({ jobId: input.id })),
  events: viewerProcedure
    .input(
      jobId.extend({ after: z.object({ attempt: z.number().int(), seq: z.number().int() }).nullable().default(null) }),
    )
    .query(({ input }) => listJobEvents({ jobId: input.id, after: input.after })),
  cancel: operatorProcedure
    .input(jobId)
    .mutation(({ ctx, input }) =>
      cancelJob({ jobId: input.id, userId: ctx.caller.userId, fromAddress: ctx.fromAddress }),
    ),
});
