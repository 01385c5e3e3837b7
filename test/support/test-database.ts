import "server-only";
// Test support: gives the importing test file its own snapshot of the migrated test database.
// Import it FIRST, before anything that loads server/db (which reads DATABASE_URL once).
//
// Why: vitest runs test files in parallel against the one database test/support/global-setup.ts migrates,
// and other suites wipe shared tables (host.test.ts deletes every host before each test, which
// would cascade into our jobs mid-test). A private copy keeps both suites deterministic while
// still testing the migrations the global setup applied.
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";

interface SqliteDatabase {
  exec(sql: string): unknown;
  close(): unknown;
}
// better-sqlite3 ships no type declarations; this is the little of it used here.
const Database = createRequire(import.meta.url)("better-sqlite3") as new (path: string) => SqliteDatabase;

const sharedUrl = process.env.DATABASE_URL ?? "";
if (!sharedUrl.startsWith("file:")) {
  throw new Error(
    `test/support/test-database.ts expects the file: DATABASE_URL of test/support/global-setup.ts, got "${sharedUrl}"`,
  );
}
const sharedPath = sharedUrl.slice("file:".length);
// Beside the shared file, inside the directory the global setup removes after the run.
const copyPath = `${sharedPath.replace(/\.db$/, "")}-${randomUUID()}.db`;
const shared = new Database(sharedPath);
try {
  // VACUUM INTO writes a consistent snapshot even while other test files write to the database.
  shared.exec(`VACUUM INTO '${copyPath.replaceAll("'", "''")}'`);
} finally {
  shared.close();
}
process.env.DATABASE_URL = `file:${copyPath}`;
