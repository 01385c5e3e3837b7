import "server-only";
// The Prisma client for the web server. Runtime uses the plain driver adapter; the migrate-time
// wrappers in prisma/migrate-adapters.ts exist only for Prisma CLI bugs.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient as SqliteClient } from "@/generated/sqlite/client";
import { consoleConfig } from "@/server/config";

const url = consoleConfig.databaseUrl;

// PostgreSQL (later): add "postgresql" here, generate generated/postgres and cast its client to Db.
// Both clients share prisma/models, so the SQLite client's API is the common type.
export type DbProvider = "sqlite";
export type Db = SqliteClient;

function providerOf(databaseUrl: string): DbProvider {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error("DATABASE_URL is PostgreSQL, but this build supports SQLite only (file:...)");
  }
  return "sqlite";
}

export const dbProvider: DbProvider = providerOf(url);

function createDb(): Db {
  return new SqliteClient({ adapter: new PrismaBetterSQLite3({ url }) });
}

// One client per process, on globalThis: Next dev re-evaluates modules on every edit, and a
// production build evaluates this module once per bundle (instrumentation.ts, where the run
// driver lives, apart from the route handlers). Two clients are two SQLite connections, and
// better-sqlite3 waits for a busy database synchronously: a write on one connection blocks the
// event loop while the other's transaction, which needs that loop to commit, holds the lock, so
// both stall until the busy timeout. One client queues its transactions instead.
const cache = globalThis as unknown as { pitcrewDb?: Db };
export const prisma: Db = (cache.pitcrewDb ??= createDb());
