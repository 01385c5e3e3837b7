import "server-only";
// Instant Image sets on a host (iiadm through the console). Every change is a job on the host's
// agent; reads come from the host's inventory plus the live progress of the job on each set.
import { z } from "zod";
import { jobArgsSchemas, setTargetSchema } from "@/lib/job-types";
import { abortSets } from "@/server/storage/abort-sets";
import { listSetsEverywhere } from "@/server/storage/list-sets-everywhere";
import { setInfo } from "@/server/storage/set-info";
import { waitForSets } from "@/server/storage/wait-for-sets";
import { createTRPCRouter, operatorProcedure, viewerProcedure } from "@/server/trpc/init";
import { hostInput, storageJobProcedure } from "@/server/trpc/storage-job-procedure";

const copyArgs = jobArgsSchemas["set.copy"].omit({ full: true });
const infoTarget = z.union([setTargetSchema, z.object({ kind: z.literal("all") })]);

export const setRouter = createTRPCRouter({
  enable: storageJobProcedure("set.enable", jobArgsSchemas["set.enable"]),
  disable: storageJobProcedure("set.disable", jobArgsSchemas["set.disable"]),
  /** iiadm -c: a full copy. */
  copy: storageJobProcedure("set.copy", copyArgs, (a) => ({ ...a, full: true })),
  /** iiadm -u: copies only the chunks that differ. */
  update: storageJobProcedure("set.copy", copyArgs, (a) => ({ ...a, full: false })),
  /** iiadm -a: cancels the copy jobs holding the sets; a set.abort job for the others. */
  abort: operatorProcedure
    .input(hostInput.extend({ target: setTargetSchema }))
    .mutation(({ ctx, input }) =>
      abortSets({ caller: ctx.caller, fromAddress: ctx.fromAddress, hostName: input.host, target: input.target }),
    ),
  reset: storageJobProcedure("set.reset", jobArgsSchemas["set.reset"]),
  params: storageJobProcedure("set.params", jobArgsSchemas["set.params"]),
  export: storageJobProcedure("set.export", jobArgsSchemas["set.export"]),
  import: storageJobProcedure("set.import", jobArgsSchemas["set.import"]),
  join: storageJobProcedure("set.join", jobArgsSchemas["set.join"]),
  move: storageJobProcedure("set.move", jobArgsSchemas["set.move"]),

  /** iiadm -i (and -l, -g -L, -P without values): statuses with the running job's progress. */
  info: viewerProcedure
    .input(hostInput.extend({ target: infoTarget.default({ kind: "all" }) }))
    .query(({ input }) => setInfo(input.host, input.target)),
  /** Every set on every host (optionally one I/O group), as last reported. */
  everywhere: viewerProcedure
    .input(z.object({ group: z.string().max(63).optional() }).default({}))
    .query(({ input }) => listSetsEverywhere(input)),
  /** iiadm -w: returns when every set is settled as the host reports it, or after timeoutSeconds (ask again). */
  wait: viewerProcedure
    .input(hostInput.extend({ target: infoTarget, timeoutSeconds: z.number().int().min(0).max(30).default(20) }))
    .query(({ input, signal }) => waitForSets(input.host, input.target, input.timeoutSeconds, signal)),
});
