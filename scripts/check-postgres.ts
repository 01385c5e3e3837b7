// `npm start` on PostgreSQL checks the database answers before it migrates: without this a wrong
// host or a firewall that drops packets left the launcher waiting on `prisma migrate deploy`
// with no word of why. Returns what is wrong in an operator's terms, or null.
import pg from "pg";
import { redactPassword } from "../prisma/database-provider";

const CONNECT_TIMEOUT_MS = 10_000;

export async function checkPostgres(url: string): Promise<string | null> {
  let where: string;
  let hostArgs: string;
  let database: string;
  let user: string;
  try {
    const parsed = new URL(url);
    where = `${parsed.hostname || "localhost"}:${parsed.port || "5432"}`;
    hostArgs = `-h ${parsed.hostname || "localhost"} -p ${parsed.port || "5432"}`;
    database = decodeURIComponent(parsed.pathname.replace(/^\//, "")) || userOf(parsed);
    user = userOf(parsed);
  } catch {
    return `DATABASE_URL is not a valid URL: "${redactPassword(url)}"`;
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on("error", () => {}); // a late socket error after a failed connect must not crash the launcher
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    const base = `DATABASE_URL: PostgreSQL at ${where}`;
    switch (code) {
      case "ECONNREFUSED":
        return `${base} refused the connection (is the server running and listening there?)`;
      case "ENOTFOUND":
      case "EAI_AGAIN":
        return `${base}: unknown host`;
      case "3D000":
        return `${base} has no database "${database}" (create it: createdb ${hostArgs} ${database})`;
      case "28P01":
      case "28000":
        return `${base} refused user "${user}": ${message}`;
    }
    if (/timeout/i.test(message ?? "")) return `${base} did not answer within ${CONNECT_TIMEOUT_MS / 1000} s`;
    return `${base}: ${message ?? String(error)}`;
  } finally {
    await client.end().catch(() => {});
  }
}

function userOf(parsed: URL): string {
  return decodeURIComponent(parsed.username) || process.env.PGUSER || process.env.USER || "postgres";
}
