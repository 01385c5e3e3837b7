import "server-only";
/**
 * tRPC setup: context, error translation and the base procedures. Routers import from here only;
 * the `t` object stays private (docs/architecture.md §10 rule 2).
 */
import { initTRPC, TRPCError } from "@trpc/server";
import { z, ZodError } from "zod";
import { type Role, roleAllows } from "@/lib/roles";
import { type Caller, resolveCaller } from "@/server/auth/resolve-caller";
import { AppError, appErrorCodes } from "@/server/errors";
import { requestClient } from "@/server/http/request-from-address";

export interface TRPCContext {
  /** The signed-in user (session cookie) or API-token holder, or null. */
  caller: Caller | null;
  /** The client's address for the audit log, or null. */
  fromAddress: string | null;
  /**
   * Response headers of the HTTP handler (auth.signIn/signOut set the session cookie here).
   * Absent for server components and createCaller, which have no response to set a cookie on.
   */
  resHeaders?: Headers;
  /** Whether the request came over HTTPS (decides the cookie's Secure flag). */
  isHttps?: boolean;
}

export async function createTRPCContext({
  headers,
  resHeaders,
}: {
  headers: Headers;
  resHeaders?: Headers;
}): Promise<TRPCContext> {
  const client = requestClient(headers);
  return { caller: await resolveCaller(headers), fromAddress: client.address, resHeaders, isHttps: client.https };
}

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

function requireRole(needed: Role) {
  return t.middleware(function requireRole({ ctx, next }) {
    if (!ctx.caller)
      throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in, or send an API token (Authorization: Bearer …)" });
    if (!roleAllows(ctx.caller.role, needed)) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: `User ${ctx.caller.username} is a ${ctx.caller.role}; this needs the ${needed} role`,
      });
    }
    return next({ ctx: { caller: ctx.caller } });
  });
}

/** Reads: any signed-in user. */
export const viewerProcedure = publicProcedure.use(requireRole("viewer"));
/** Starts, cancels and changes storage jobs. */
export const operatorProcedure = publicProcedure.use(requireRole("operator"));
/** Users, tokens, hosts and agent enrolment. */
export const adminProcedure = publicProcedure.use(requireRole("admin"));
