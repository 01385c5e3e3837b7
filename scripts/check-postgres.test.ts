import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresMissingReason, startPostgresServer, type PostgresServer } from "@/test/support/postgres-server";
import { checkPostgres } from "./check-postgres";

const missing = postgresMissingReason();

describe.skipIf(missing !== null)(
  `checkPostgres: why npm start cannot use DATABASE_URL${missing ? ` (skipped: ${missing})` : ""}`,
  () => {
    let server: PostgresServer;
    beforeAll(async () => {
      server = await startPostgresServer();
    });
    afterAll(() => server?.stop());

    it("is satisfied by a database that answers", async () => {
      expect(await checkPostgres(await server.createDatabase())).toBeNull();
    });

    it("names a database that does not exist, and how to create it", async () => {
      const port = new URL(server.url).port;
      expect(await checkPostgres(`postgresql://postgres@127.0.0.1:${port}/nightly`)).toBe(
        `DATABASE_URL: PostgreSQL at 127.0.0.1:${port} has no database "nightly" (create it: createdb -h 127.0.0.1 -p ${port} nightly)`,
      );
    });

    it("names the address when nothing listens there, and never prints the password", async () => {
      const problem = await checkPostgres("postgresql://backup:s3cret@127.0.0.1:1/pitcrew");
      expect(problem).toBe(
        "DATABASE_URL: PostgreSQL at 127.0.0.1:1 refused the connection (is the server running and listening there?)",
      );
    });

    it("refuses a URL it cannot parse without echoing its password", async () => {
      expect(await checkPostgres("postgresql://backup:s3cret@[bad/x")).toBe(
        'DATABASE_URL is not a valid URL: "postgresql://backup:***@[bad/x"',
      );
    });
  },
);
