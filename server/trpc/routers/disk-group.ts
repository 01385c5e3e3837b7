import "server-only";
// Disk groups on shared storage, as one host sees them (vxdg through the console).
import { z } from "zod";
import { jobArgsSchemas } from "@/lib/job-types";
import { getDiskGroupDetail } from "@/server/storage/disk-group-detail";
import { listDiskGroupsEverywhere } from "@/server/storage/list-disk-groups-everywhere";
import { listHostDiskGroups } from "@/server/storage/list-host-disk-groups";
import { createTRPCRouter, viewerProcedure } from "@/server/trpc/init";
import { hostInput, storageJobProcedure } from "@/server/trpc/storage-job-procedure";

export const diskGroupRouter = createTRPCRouter({
  /** One host's disk groups, each with the console's record of its holder and any conflicting claim. */
  list: viewerProcedure.input(hostInput).query(({ input }) => listHostDiskGroups(input.host)),
  /** Every disk group any host sees, once per name, with its holder. */
  everywhere: viewerProcedure.query(() => listDiskGroupsEverywhere()),
  /** One group as every host sees it: holder, volumes with who uses them, sets on them. */
  get: viewerProcedure
    .input(z.object({ name: jobArgsSchemas["dg.create"].shape.diskGroup }))
    .query(({ input }) => getDiskGroupDetail(input.name)),
  create: storageJobProcedure("dg.create", jobArgsSchemas["dg.create"]),
  deport: storageJobProcedure("dg.deport", jobArgsSchemas["dg.deport"]),
  /** clearLock takes a group another host owns: audited with the job, and the agent warns. */
  import: storageJobProcedure("dg.import", jobArgsSchemas["dg.import"]),
  startAll: storageJobProcedure("dg.startall", jobArgsSchemas["dg.startall"]),
  stopAll: storageJobProcedure("dg.stopall", jobArgsSchemas["dg.stopall"]),
});
