// Migrate-time adapters for prisma.config.ts only; runtime code uses the plain adapters (server/db.ts).
// Prisma 6.19.3's JS migrate path has adapter bugs (docs/architecture.md §11); the
// PostgreSQL wrapper (pgMigrateAdapter) is added together with prisma/postgres.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

// Shadow replay (migrate dev, migrate diff --from-migrations) sends each migration through executeRaw,
// i.e. better-sqlite3's prepare(), which rejects more than one statement. Send arg-less SQL through
// executeScript (exec()) instead.
export function sqliteMigrateAdapter(url: string) {
  // better-sqlite3 creates the file but not its folder; without this a fresh clone's first
  // `prisma migrate deploy` fails with the opaque "External error id#0".
  const file = url.replace(/^file:/, "");
  if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
  const base = new PrismaBetterSQLite3({ url });
  return {
    // `as const`: prisma.config.ts is type-checked by next build and needs the literal type.
    provider: "sqlite" as const,
    adapterName: base.adapterName,
    connect: () => base.connect(),
    async connectToShadowDb() {
      const shadow = await base.connectToShadowDb(); // ":memory:"
      const executeRaw = shadow.executeRaw.bind(shadow);
      shadow.executeRaw = async (query) => {
        if (query.args.length > 0) return executeRaw(query);
        await shadow.executeScript(query.sql);
        return 0;
      };
      return shadow;
    },
  };
}
