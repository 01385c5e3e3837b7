import "server-only";
import { createCallerFactory, createTRPCRouter } from "@/server/trpc/init";
import { hostRouter } from "@/server/trpc/routers/host";

export const appRouter = createTRPCRouter({
  host: hostRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
