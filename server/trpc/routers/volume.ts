import "server-only";
// Volumes in a disk group (vxassist make through the console).
import { jobArgsSchemas } from "@/lib/job-types";
import { createTRPCRouter } from "@/server/trpc/init";
import { storageJobProcedure } from "@/server/trpc/storage-job-procedure";

export const volumeRouter = createTRPCRouter({
  create: storageJobProcedure("volume.create", jobArgsSchemas["volume.create"]),
});
