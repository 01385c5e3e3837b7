// Prisma CLI config. `engine: "js"` + a driver adapter means no native engine binary is downloaded
// (the machine has no network). A Prisma config also turns off .env loading, so DATABASE_URL comes
// from the environment only. The URL picks the provider: its schema folder, its migrations, its adapter.
import { defineConfig } from "prisma/config";
import { databaseProvider } from "./prisma/database-provider";
import { databaseUrl } from "./prisma/database-url";
import { pgMigrateAdapter, sqliteMigrateAdapter } from "./prisma/migrate-adapters";

const url = databaseUrl();
const provider = databaseProvider(url);
const dir = provider === "postgresql" ? "prisma/postgres" : "prisma/sqlite";

export default defineConfig({
  experimental: { adapter: true },
  schema: dir, // a folder: every *.prisma inside is loaded, including the models/ symlink
  migrations: { path: `${dir}/migrations` },
  engine: "js",
  async adapter() {
    return provider === "postgresql" ? pgMigrateAdapter(url) : sqliteMigrateAdapter(url);
  },
});
