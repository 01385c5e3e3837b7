// Vitest globalSetup of the integration suite. With PITCREW_TEST_DATABASE=postgresql the whole run
// uses one throwaway PostgreSQL server (test/support/postgres-server.ts), and every console cluster
// gets a fresh database on it; otherwise each cluster keeps its own SQLite file. Workers inherit
// PITCREW_TEST_POSTGRES_URL from this process.
import { startPostgresServer } from "./postgres-server";

export default async function setup() {
  const wanted = process.env.PITCREW_TEST_DATABASE ?? "sqlite";
  if (wanted === "sqlite") return;
  if (wanted !== "postgresql") {
    throw new Error(`PITCREW_TEST_DATABASE must be sqlite or postgresql, got "${wanted}"`);
  }
  const server = await startPostgresServer();
  process.env.PITCREW_TEST_POSTGRES_URL = server.url;
  console.log(`integration tests on PostgreSQL: ${server.url}`);
  return () => server.stop();
}
