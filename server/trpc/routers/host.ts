import "server-only";
import { z } from "zod";
import { hostNameSchema } from "@/lib/agent-protocol";
import { getHost } from "@/server/hosts/get-host";
import { listHosts } from "@/server/hosts/list-hosts";
import { createTRPCRouter, viewerProcedure } from "@/server/trpc/init";

export const hostRouter = createTRPCRouter({
  list: viewerProcedure.query(() => listHosts()),
  get: viewerProcedure.input(z.object({ name: hostNameSchema })).query(({ input }) => getHost(input.name)),
});
