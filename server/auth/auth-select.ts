import "server-only";
// The only User and ApiToken fields that reach clients (docs/architecture.md §10 rule 3): never the password or
// token hashes. Dates become ISO 8601 strings: tRPC runs without a transformer (no superjson), so
// a Date would reach the browser as a string while its type still said Date.
import type { Prisma } from "@/generated/sqlite/client";
import type { Role } from "@/lib/roles";

export const userSelect = {
  id: true,
  username: true,
  role: true,
  createdAt: true,
  disabledAt: true,
} satisfies Prisma.UserSelect;

export interface UserItem {
  id: string;
  username: string;
  role: Role;
  createdAt: string;
  disabledAt: string | null;
}

export function toUserItem(user: Prisma.UserGetPayload<{ select: typeof userSelect }>): UserItem {
  return {
    ...user,
    role: user.role as Role, // written only through the Role-typed functions in server/auth
    createdAt: user.createdAt.toISOString(),
    disabledAt: user.disabledAt?.toISOString() ?? null,
  };
}

export const apiTokenSelect = {
  id: true,
  name: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
} satisfies Prisma.ApiTokenSelect;

export interface ApiTokenItem {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

export function toApiTokenItem(token: Prisma.ApiTokenGetPayload<{ select: typeof apiTokenSelect }>): ApiTokenItem {
  return {
    ...token,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    expiresAt: token.expiresAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
  };
}
