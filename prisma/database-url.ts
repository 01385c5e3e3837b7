// The one place that derives the default database URL, shared by prisma.config.ts, server/db.ts and
// scripts/start.ts so the CLI, the web server and the launcher always open the same file.
// Plain TypeScript with no imports: it runs under the Prisma CLI, Next, tsx and vitest alike.
export function dataDir(): string {
  return process.env.PITCREW_DATA_DIR || "./data";
}

// Relative file: URLs resolve against the process cwd, which is the repo root for every entry point.
export function databaseUrl(): string {
  return process.env.DATABASE_URL || `file:${dataDir()}/pitcrew.db`;
}
