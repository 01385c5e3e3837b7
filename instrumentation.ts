// Next calls register() once when a server instance starts. First start: create the admin user
// and its API token, and print what was generated (scripts/start.ts may have done it already, in
// which case nothing is created or printed here). Then the lease sweeper runs on a timer, so a
// job whose agent went silent becomes interrupted even when no other agent is claiming, and the
// runbook run driver advances runs and starts scheduled ones.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Dynamic import: keeps Prisma and argon2 out of the edge bundle of this file.
    const { describeAdminBootstrap, ensureAdminUser } = await import("@/server/auth/ensure-admin-user");
    const line = describeAdminBootstrap(await ensureAdminUser());
    if (line) console.log(line);
    const { startLeaseSweeper } = await import("@/server/jobs/lease-sweeper");
    startLeaseSweeper();
    const { startRunDriver } = await import("@/server/runbooks/run-driver");
    startRunDriver();
  }
}
