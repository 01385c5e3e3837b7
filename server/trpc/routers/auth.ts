import "server-only";
// Sign-in, sign-out, the caller's own API tokens, and (admin) users. Each procedure validates and
// calls one server/auth function; the only glue here is the session cookie on the HTTP response.
import { z } from "zod";
import { roles } from "@/lib/roles";
import { createApiToken } from "@/server/auth/create-api-token";
import { createUser } from "@/server/auth/create-user";
import { disableUser } from "@/server/auth/disable-user";
import { enableUser } from "@/server/auth/enable-user";
import { listApiTokens } from "@/server/auth/list-api-tokens";
import { listUsers } from "@/server/auth/list-users";
import { revokeApiToken } from "@/server/auth/revoke-api-token";
import { clearedSessionCookie, sessionCookie } from "@/server/auth/session-cookie";
import { setUserRole } from "@/server/auth/set-user-role";
import { signIn } from "@/server/auth/sign-in";
import { signOut } from "@/server/auth/sign-out";
import { adminProcedure, createTRPCRouter, publicProcedure, viewerProcedure } from "@/server/trpc/init";

// Upper bounds keep a hostile request from making argon2 hash megabytes.
const passwordSchema = z.string().min(1).max(1024);
const usernameSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/i, "letters, digits, '.', '_' and '-' only, starting with a letter or digit");

export const signInInputSchema = z.object({ username: z.string().trim().min(1).max(200), password: passwordSchema });
export const createApiTokenInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  /** Omit for a token that never expires. */
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export const createUserInputSchema = z.object({
  username: usernameSchema,
  password: passwordSchema,
  role: z.enum(roles),
});

const usersRouter = createTRPCRouter({
  list: adminProcedure.query(() => listUsers()),
  create: adminProcedure
    .input(createUserInputSchema)
    .mutation(({ ctx, input }) => createUser({ ...input, actorId: ctx.caller.userId, fromAddress: ctx.fromAddress })),
  setRole: adminProcedure
    .input(z.object({ userId: z.string().min(1), role: z.enum(roles) }))
    .mutation(({ ctx, input }) => setUserRole({ ...input, actorId: ctx.caller.userId, fromAddress: ctx.fromAddress })),
  disable: adminProcedure
    .input(z.object({ userId: z.string().min(1) }))
    .mutation(({ ctx, input }) => disableUser({ ...input, actorId: ctx.caller.userId, fromAddress: ctx.fromAddress })),
  enable: adminProcedure
    .input(z.object({ userId: z.string().min(1) }))
    .mutation(({ ctx, input }) => enableUser({ ...input, actorId: ctx.caller.userId, fromAddress: ctx.fromAddress })),
});

export const authRouter = createTRPCRouter({
  signIn: publicProcedure.input(signInInputSchema).mutation(async ({ ctx, input }) => {
    const signedIn = await signIn({ ...input, fromAddress: ctx.fromAddress });
    ctx.resHeaders?.append("Set-Cookie", sessionCookie(signedIn.token, signedIn.expiresAt, ctx.isHttps ?? false));
    return signedIn.user;
  }),
  signOut: publicProcedure.mutation(async ({ ctx }) => {
    if (ctx.caller?.sessionId) await signOut({ sessionId: ctx.caller.sessionId, fromAddress: ctx.fromAddress });
    ctx.resHeaders?.append("Set-Cookie", clearedSessionCookie(ctx.isHttps ?? false));
    return { signedOut: true };
  }),
  me: publicProcedure.query(({ ctx }) =>
    ctx.caller
      ? { userId: ctx.caller.userId, username: ctx.caller.username, role: ctx.caller.role, via: ctx.caller.via }
      : null,
  ),

  createApiToken: viewerProcedure.input(createApiTokenInputSchema).mutation(async ({ ctx, input }) => {
    const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
    const created = await createApiToken({
      userId: ctx.caller.userId,
      name: input.name,
      expiresAt,
      fromAddress: ctx.fromAddress,
    });
    return { ...created, expiresAt: created.expiresAt?.toISOString() ?? null };
  }),
  listApiTokens: viewerProcedure.query(({ ctx }) => listApiTokens(ctx.caller.userId)),
  revokeApiToken: viewerProcedure.input(z.object({ tokenId: z.string().min(1) })).mutation(async ({ ctx, input }) => {
    await revokeApiToken({ userId: ctx.caller.userId, tokenId: input.tokenId, fromAddress: ctx.fromAddress });
    return { revoked: true };
  }),

  users: usersRouter,
});
