// A throwaway PostgreSQL cluster for tests and benchmarks: initdb into a scratch directory, a
// server on 127.0.0.1 and a free port, fsync off (the data dies with the run). The binaries are
// Debian's (apt-get install postgresql); initdb refuses to run as root, so as root the cluster
// belongs to the `postgres` user the package creates.
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "./free-port";

export interface PostgresServer {
  /** postgresql://postgres@127.0.0.1:PORT/postgres: the maintenance database, to create others in. */
  readonly url: string;
  /** Creates an empty database and gives its URL. */
  createDatabase(): Promise<string>;
  stop(): void;
}

/** The newest Debian PostgreSQL bin directory, or null when PostgreSQL is not installed. */
export function findPostgresBin(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], "bin") : null;
}

/**
 * Why the PostgreSQL tests of a file cannot run here (no PostgreSQL installed), or null when they
 * can. Where PITCREW_REQUIRE_POSTGRES=1 (CI) a missing PostgreSQL is an error, not a skip.
 */
export function postgresMissingReason(): string | null {
  if (findPostgresBin()) return null;
  const reason = "PostgreSQL is not installed (apt-get install postgresql)";
  if (process.env.PITCREW_REQUIRE_POSTGRES === "1") throw new Error(`PITCREW_REQUIRE_POSTGRES=1 but ${reason}`);
  return reason;
}

export async function startPostgresServer(bin = findPostgresBin()): Promise<PostgresServer> {
  if (!bin) throw new Error("PostgreSQL is not installed (apt-get install postgresql)");
  const dir = mkdtempSync(path.join(tmpdir(), "pitcrew-postgres-"));
  const asRoot = process.getuid?.() === 0;
  const pgUser = (command: string, args: string[]) =>
    asRoot
      ? execFileSync("runuser", ["-u", "postgres", "--", command, ...args], { stdio: "pipe" })
      : execFileSync(command, args, { stdio: "pipe" });
  if (asRoot) chownSync(dir, postgresUid(), postgresGid());
  const data = path.join(dir, "data");
  const port = await freePort();
  try {
    pgUser(path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
    pgUser(path.join(bin, "pg_ctl"), [
      "-D",
      data,
      "-l",
      path.join(dir, "server.log"),
      "-w",
      "-o",
      // -k: the socket stays in the scratch dir, not /var/run/postgresql. max_connections: each
      // console process keeps a pool (pg's default is 10 connections), and a test runs several.
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=200`,
      "start",
    ]);
  } catch (error) {
    const { stderr } = error as { stderr?: Buffer };
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start a PostgreSQL cluster with ${bin}: ${stderr?.toString() ?? String(error)}`);
  }
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    createDatabase: () => createDatabaseOn(url),
    stop() {
      spawnSync(
        asRoot ? "runuser" : path.join(bin, "pg_ctl"),
        [...(asRoot ? ["-u", "postgres", "--", path.join(bin, "pg_ctl")] : []), "-D", data, "-m", "immediate", "stop"],
        { stdio: "ignore" },
      );
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Creates an empty database on the server of `maintenanceUrl` and gives its URL. */
export async function createDatabaseOn(maintenanceUrl: string): Promise<string> {
  const name = `pitcrew_${process.pid}_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(maintenanceUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * The PostgreSQL server this test run uses, from PITCREW_TEST_POSTGRES_URL (set by
 * test/support/integration-global-setup.ts), or null when the run is on SQLite.
 */
export function testPostgresServer(): Pick<PostgresServer, "url" | "createDatabase"> | null {
  const url = process.env.PITCREW_TEST_POSTGRES_URL;
  return url ? { url, createDatabase: () => createDatabaseOn(url) } : null;
}

function postgresUid(): number {
  return Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
}

function postgresGid(): number {
  return Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
}
