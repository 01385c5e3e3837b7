import "server-only";
// What a load balancer asks before it sends a console process requests (`GET /api/health`,
// deploy/haproxy.cfg): can this process reach its database? A console that cannot would answer
// every request with an error; a balancer that knows sends them to one that can.
import { dbProvider, prisma } from "@/server/db";

/** How long the database may take to answer `SELECT 1` before the console counts as unhealthy. */
const DATABASE_TIMEOUT_MS = 2_000;

export interface ConsoleHealth {
  ok: boolean;
  database: "sqlite" | "postgresql";
  /** Why not ok, without addresses or credentials: the endpoint needs no sign-in. */
  problem?: string;
}

export async function checkConsoleHealth(): Promise<ConsoleHealth> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), DATABASE_TIMEOUT_MS);
  });
  try {
    const answer = await Promise.race([prisma.$queryRaw`SELECT 1`.then(() => "ok" as const), timeout]);
    if (answer === "timeout")
      return {
        ok: false,
        database: dbProvider,
        problem: `the database did not answer within ${DATABASE_TIMEOUT_MS} ms`,
      };
    return { ok: true, database: dbProvider };
  } catch {
    return { ok: false, database: dbProvider, problem: "the database refused or dropped the connection" };
  } finally {
    clearTimeout(timer);
  }
}
