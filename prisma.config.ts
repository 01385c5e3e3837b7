// Prisma CLI config. `engine: "js"` + a driver adapter means no native engine binary is downloaded
// (the machine has no network). A Prisma config also turns off .env loading, so DATABASE_URL comes
// from the environment only.
// PostgreSQL (later): pick prisma/postgres + pgMigrateAdapter when DATABASE_URL is postgres://.
import { defineConfig } from "prisma/config";
import { databaseUrl } from "./prisma/database-url";
import { sqliteMigrateAdapter } from "./prisma/migrate-adapters";

const url = databaseUrl();
const dir = "prisma/sqlite";

export default defineConfig({
  experimental: { adapter: true },
  schema: dir, // a folder: every *.prisma inside is loaded, including the models/ symlink
  migrations: { path: `${dir}/migrations` },
  engine: "js",
  async adapter() {
    return sqliteMigrateAdapter(url);
  },
});
