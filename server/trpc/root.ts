import "server-only";
import { createCallerFactory, createTRPCRouter } from "@/server/trpc/init";
import { authRouter } from "@/server/trpc/routers/auth";
import { hostRouter } from "@/server/trpc/routers/host";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  host: hostRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
