import "server-only";
import { listHosts } from "@/server/hosts/list-hosts";
import { createTRPCRouter, publicProcedure } from "@/server/trpc/init";

// TODO(agents/auth issue): switch to protectedProcedure once sign-in exists.
export const hostRouter = createTRPCRouter({
  list: publicProcedure.query(() => listHosts()),
});
