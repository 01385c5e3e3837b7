import "server-only";
import { Prisma } from "@/generated/sqlite/client";

/** True for Prisma's "unique constraint failed" (P2002), on SQLite and PostgreSQL alike. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
