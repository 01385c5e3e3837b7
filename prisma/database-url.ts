// The one place that derives the default database URL, shared by prisma.config.ts, server/config.ts
// and scripts/start.ts so the CLI, the web server and the launcher always open the same file.
// Plain TypeScript with no imports: it runs under the Prisma CLI, Next, tsx and vitest alike.
type Env = Record<string, string | undefined>;

export function dataDir(env: Env = process.env): string {
  return env.PITCREW_DATA_DIR || "./data";
}

// Relative file: URLs resolve against the process cwd, which is the repo root for every entry point.
export function databaseUrl(env: Env = process.env): string {
  return env.DATABASE_URL || `file:${dataDir(env)}/pitcrew.db`;
}
