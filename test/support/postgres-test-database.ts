// Test support: points the importing test file at a fresh, migrated PostgreSQL database. Import it
// FIRST, before anything that loads server/db (which reads DATABASE_URL once). The unit suite runs
// on SQLite (test/support/test-database.ts); the files that import this one check what only
// PostgreSQL can get wrong: transactions running side by side.
//
// The server is the integration run's (PITCREW_TEST_POSTGRES_URL) or, in the unit suite, one this
// file starts and stops. Without PostgreSQL installed the tests are skipped and say why, except
// where PITCREW_REQUIRE_POSTGRES=1 (CI), where that is a failure.
import { execFileSync } from "node:child_process";
import { afterAll } from "vitest";
import { createDatabaseOn, postgresMissingReason, startPostgresServer } from "./postgres-server";

async function openDatabase(): Promise<string | null> {
  const shared = process.env.PITCREW_TEST_POSTGRES_URL;
  if (shared) return createDatabaseOn(shared);
  if (postgresMissingReason()) return null;
  const server = await startPostgresServer();
  afterAll(() => server.stop());
  return server.createDatabase();
}

const url = await openDatabase();
if (url) {
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
  process.env.DATABASE_URL = url;
}

/** Why this file's PostgreSQL tests cannot run here, or null when they run. */
export const postgresMissing: string | null = url ? null : postgresMissingReason();
