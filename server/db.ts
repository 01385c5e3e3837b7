import "server-only";
// The Prisma client for the web server. Runtime uses the plain driver adapters; the migrate-time
// wrappers in prisma/migrate-adapters.ts exist only for Prisma CLI bugs.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PgClient } from "@/generated/postgres/client";
import { PrismaClient as SqliteClient } from "@/generated/sqlite/client";
import { databaseProvider, type DbProvider } from "@/prisma/database-provider";
import { consoleConfig } from "@/server/config";

const url = consoleConfig.databaseUrl;

// Both clients are generated from the same prisma/models, so their query API is the same; the
// SQLite client's type stands for both. Raw SQL is the one place the providers differ: it checks
// dbProvider.
export type Db = SqliteClient;
export type { DbProvider };
export const dbProvider: DbProvider = databaseProvider(url);

function createDb(): Db {
  if (dbProvider === "postgresql") {
    // A database that stops answering fails requests after 10 s instead of queueing them forever.
    const adapter = new PrismaPg({ connectionString: url, connectionTimeoutMillis: 10_000 });
    return new PgClient({ adapter }) as unknown as Db;
  }
  return new SqliteClient({ adapter: new PrismaBetterSQLite3({ url }) });
}

// One client per process, on globalThis: Next dev re-evaluates modules on every edit, and a
// production build evaluates this module once per bundle (instrumentation.ts, where the run
// driver lives, apart from the route handlers). Two clients are two SQLite connections, and
// better-sqlite3 waits for a busy database synchronously: a write on one connection blocks the
// event loop while the other's transaction, which needs that loop to commit, holds the lock, so
// both stall until the busy timeout. One client queues its transactions instead. On PostgreSQL,
// two clients would be two connection pools.
const cache = globalThis as unknown as { pitcrewDb?: Db };
export const prisma: Db = (cache.pitcrewDb ??= createDb());
