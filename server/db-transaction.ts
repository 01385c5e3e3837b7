import "server-only";
// Every interactive transaction of the console goes through here, so that it means the same thing
// on both databases: as if it ran alone.
//
// SQLite gives that for free: one connection per process and a database-wide write lock, so
// transactions run one after another. PostgreSQL runs them side by side, and at its default
// isolation (read committed) a transaction that checks and then writes can act on a state another
// one is changing: two admins disabled at once, each seeing the other as "the remaining admin".
// At SERIALIZABLE, PostgreSQL instead
// aborts one of two such transactions (SQLSTATE 40001, Prisma's P2034), and running it again from
// the start sees the other's result. So a transaction here may run more than once: its function
// must only touch the database (wake-ups and other effects go after it returns).
import { setTimeout as sleep } from "node:timers/promises";
import { Prisma as PgPrisma } from "@/generated/postgres/client";
import { Prisma } from "@/generated/sqlite/client";
import { dbProvider, prisma } from "@/server/db";

export type Tx = Prisma.TransactionClient;

/** Tries of a transaction PostgreSQL keeps aborting for conflicts before its error is let through. */
const MAX_TRIES = 8;

export interface TransactionOptions {
  /** How long the transaction may run, in ms (Prisma's default is 5 s). */
  timeout?: number;
  /**
   * Run one at a time with every other transaction that names the same lock, as SQLite runs all
   * of them: on PostgreSQL, a transaction-scoped advisory lock taken first, at READ COMMITTED so
   * that each statement after it sees everything committed before it was granted. For a hot
   * spot where SERIALIZABLE would abort and retry most of a burst (sign-in attempts).
   */
  queueOn?: number;
}

/**
 * True for a transaction PostgreSQL aborted because a concurrent one conflicted with it
 * (serialization failure 40001, or a deadlock 40P01). Prisma reports it as P2034 when a query
 * fails, but as adapter-pg's own DriverAdapterError when the COMMIT does.
 */
export function isSerializationFailure(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return error.code === "P2034";
  if (!(error instanceof Error) || error.name !== "DriverAdapterError") return false;
  const cause = (error as { cause?: { kind?: string; code?: string } }).cause;
  return (
    cause?.kind === "TransactionWriteConflict" ||
    (cause?.kind === "postgres" && (cause.code === "40001" || cause.code === "40P01"))
  );
}

export async function inTransaction<T>(
  fn: (tx: Tx) => Promise<T>,
  { queueOn, ...options }: TransactionOptions = {},
): Promise<T> {
  if (dbProvider === "sqlite") return prisma.$transaction(fn, options);
  if (queueOn !== undefined) {
    return prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${queueOn})`;
        return fn(tx);
      },
      // The SQLite client's types know only Serializable; this runs on the PostgreSQL client.
      { ...options, isolationLevel: PgPrisma.TransactionIsolationLevel.ReadCommitted as never },
    );
  }
  for (let tries = 1; ; tries++) {
    try {
      return await prisma.$transaction(fn, {
        ...options,
        isolationLevel: Prisma.TransactionIsolationLevel.Serializable,
      });
    } catch (error) {
      if (!isSerializationFailure(error) || tries >= MAX_TRIES) throw error;
      // Jittered, growing back-off, so the transactions that collided do not collide again in step.
      await sleep(Math.random() * 5 * 2 ** tries);
    }
  }
}
