// Migrate-time adapters for prisma.config.ts only; runtime code uses the plain adapters (server/db.ts).
// Prisma 6.19.3's JS migrate path has adapter bugs (docs/architecture.md §11), one for SQLite and
// three for PostgreSQL; each wrapper below works around its provider's.
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

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

// PostgreSQL. Three adapter-pg bugs break every migrate command, `migrate deploy` included.
type PgAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;

// Bug 1 (prisma/orm#27403): the migrate engine reads catalog columns of type `name` (19) and `"char"` (18),
// and their arrays, which adapter-pg cannot deserialise ("Column type 'name' could not be deserialized").
// Reported as text (25) and text[] (1009), they read correctly.
const PG_CATALOG_TYPE_AS_TEXT: Record<number, number> = { 18: 25, 19: 25, 1002: 1009, 1003: 1009 };
function readCatalogTypesAsText(adapter: PgAdapter): PgAdapter {
  const io = adapter as unknown as { performIO: (query: unknown) => Promise<{ fields?: { dataTypeID: number }[] }> };
  const performIO = io.performIO.bind(io);
  io.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result.fields ?? [])
      field.dataTypeID = PG_CATALOG_TYPE_AS_TEXT[field.dataTypeID] ?? field.dataTypeID;
    return result;
  };
  return adapter;
}

// Bug 2: adapter-pg opens the shadow database as { ...config, database }, and pg lets a connectionString
// win over `database`, so the "shadow" was the main database. The shadow gets its own URL instead,
// which keeps every other part of the operator's URL (sslmode and the like).
function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

export function pgMigrateAdapter(url: string) {
  const base = new PrismaPg({ connectionString: url });
  return {
    provider: "postgres" as const,
    adapterName: base.adapterName,
    connect: async () => readCatalogTypesAsText(await base.connect()),
    // Bug 3: adapter-pg drops the shadow database before closing the shadow's pool, and PostgreSQL
    // refuses ("being accessed by other users"). Close the pool first, then drop.
    async connectToShadowDb() {
      const main = readCatalogTypesAsText(await base.connect());
      const name = `prisma_migrate_shadow_db_${randomUUID().replaceAll("-", "")}`;
      await main.executeScript(`CREATE DATABASE "${name}"`);
      const shadow = readCatalogTypesAsText(
        await new PrismaPg({ connectionString: withDatabase(url, name) }).connect(),
      );
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        await main.executeScript(`DROP DATABASE IF EXISTS "${name}"`);
        await main.dispose();
      };
      return shadow;
    },
  };
}
