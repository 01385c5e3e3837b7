import "server-only";
// svadm through the console: volumes under sv on a host.
import { jobArgsSchemas } from "@/lib/job-types";
import { loadHost, requireInventory } from "@/server/storage/load-host";
import { createTRPCRouter, viewerProcedure } from "@/server/trpc/init";
import { hostInput, storageJobProcedure } from "@/server/trpc/storage-job-procedure";

export const svRouter = createTRPCRouter({
  enable: storageJobProcedure("sv.enable", jobArgsSchemas["sv.enable"]),
  disable: storageJobProcedure("sv.disable", jobArgsSchemas["sv.disable"]),
  list: viewerProcedure
    .input(hostInput)
    .query(async ({ input }) => requireInventory(await loadHost(input.host)).svVolumes),
});
