import "server-only";
import { createCallerFactory, createTRPCRouter } from "@/server/trpc/init";
import { auditRouter } from "@/server/trpc/routers/audit";
import { authRouter } from "@/server/trpc/routers/auth";
import { diskGroupRouter } from "@/server/trpc/routers/disk-group";
import { hostRouter } from "@/server/trpc/routers/host";
import { jobRouter } from "@/server/trpc/routers/job";
import { runbookRouter } from "@/server/trpc/routers/runbook";
import { setRouter } from "@/server/trpc/routers/set";
import { svRouter } from "@/server/trpc/routers/sv";
import { volumeRouter } from "@/server/trpc/routers/volume";

export const appRouter = createTRPCRouter({
  audit: auditRouter,
  auth: authRouter,
  host: hostRouter,
  job: jobRouter,
  runbook: runbookRouter,
  set: setRouter,
  sv: svRouter,
  diskGroup: diskGroupRouter,
  volume: volumeRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
