import "server-only";
import { listHosts } from "@/server/hosts/list-hosts";
import { createTRPCRouter, viewerProcedure } from "@/server/trpc/init";

export const hostRouter = createTRPCRouter({
  list: viewerProcedure.query(() => listHosts()),
});
