// The models in prisma/models are shared; each provider has its own migrations. A model edited
// without a migration for one of them would work on one database and fail on the other at run
// time, so each history, replayed into a scratch database, must give exactly the models
// (scripts/new-migration.sh writes both).
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { postgresMissingReason, startPostgresServer, type PostgresServer } from "@/test/support/postgres-server";

const run = promisify(execFile);
const missing = postgresMissingReason();

/** What the migrations lack against the models, as SQL; "" when they match. */
async function missingSql(provider: "sqlite" | "postgres", databaseUrl: string | undefined): Promise<string> {
  const env = { ...process.env, DATABASE_URL: databaseUrl };
  if (!databaseUrl) delete env.DATABASE_URL;
  const args = ["prisma", "migrate", "diff", "--from-migrations", `prisma/${provider}/migrations`];
  args.push("--to-schema-datamodel", `prisma/${provider}`, "--script", "--exit-code");
  try {
    await run("npx", args, { env });
    return "";
  } catch (error) {
    const { code, stdout, stderr } = error as { code?: number; stdout?: string; stderr?: string };
    if (code === 2) return stdout ?? "";
    throw new Error(`prisma migrate diff (${provider}) failed: ${stderr ?? String(error)}`);
  }
}

describe("the migrations of each database give the shared models", () => {
  let server: PostgresServer | undefined;
  afterAll(() => server?.stop());

  it("SQLite", async () => {
    expect(await missingSql("sqlite", undefined)).toBe("");
  });

  it.skipIf(missing !== null)(`PostgreSQL${missing ? ` (skipped: ${missing})` : ""}`, async () => {
    server = await startPostgresServer();
    expect(await missingSql("postgres", server.url)).toBe("");
  });
});
