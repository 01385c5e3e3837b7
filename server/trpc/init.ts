import "server-only";
/**
 * tRPC setup: context, error translation and the base procedures. Routers import from here only;
 * the `t` object stays private (style.md rule 2).
 */
import { initTRPC, TRPCError } from "@trpc/server";
import { z, ZodError } from "zod";
import { AppError, appErrorCodes } from "@/server/errors";

// TODO(agents/auth issue): resolve the signed-in user here and add protectedProcedure.
export function createTRPCContext() {
  return {};
}

export type TRPCContext = ReturnType<typeof createTRPCContext>;

const t = initTRPC.context<TRPCContext>().create({
  errorFormatter({ shape, error }) {
    return {
      ...shape,
      data: {
        ...shape.data,
        appCode: error.cause instanceof AppError ? error.cause.code : null,
        zodError: error.cause instanceof ZodError ? z.flattenError(error.cause) : null,
      },
    };
  },
});

// Domain code throws AppError; translate it once here so HTTP clients and createCaller users
// (the CLI, tests) both see the right tRPC code instead of INTERNAL_SERVER_ERROR.
const translateAppErrors = t.middleware(async function translateAppErrors({ next }) {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: appErrorCodes[cause.code].trpc, message: cause.message, cause });
  }
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(translateAppErrors);
