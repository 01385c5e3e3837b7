// Which database a DATABASE_URL names. Shared by prisma.config.ts (which schema folder and migrations),
// server/db.ts (which client) and the launcher. Plain TypeScript with no imports, like database-url.ts.
export type DbProvider = "sqlite" | "postgresql";

export function databaseProvider(url: string): DbProvider {
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error(
    `DATABASE_URL must be a SQLite file (file:./data/pitcrew.db) or a PostgreSQL URL (postgresql://user@host:5432/db), got "${redactPassword(url)}"`,
  );
}

// A URL printed in an error or a start-up banner never shows its password.
export function redactPassword(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, "$1***@");
}
