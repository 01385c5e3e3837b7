// Next calls register() once when a server instance starts. First start: create the admin user
// and its API token, and print what was generated (scripts/start.ts may have done it already, in
// which case nothing is created or printed here). Then the lease sweeper runs on a timer, so a
// job whose agent went silent becomes interrupted even when no other agent is claiming, and the
// runbook run driver advances runs and starts scheduled ones.
// Before all that: the hook that tells route handlers each request's TCP peer
// (server/http/peer-address.ts), and the configuration checked (server/config.ts), so a bad value
// stops the console at start with the reason instead of failing on the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { installPeerAddressHook } = await import("@/server/http/peer-address");
    installPeerAddressHook();
    try {
      await import("@/server/config");
    } catch (error) {
      console.error(`pitcrew: ${(error as Error).message}`);
      process.exit(1);
    }
    // Dynamic import: keeps Prisma and argon2 out of the edge bundle of this file.
    const { describeAdminBootstrap, ensureAdminUser } = await import("@/server/auth/ensure-admin-user");
    const line = describeAdminBootstrap(await ensureAdminUser());
    if (line) console.log(line);
    const { markConsoleStarted, markConsoleStopping } = await import("@/server/jobs/lease-grace");
    markConsoleStarted();
    const { startLeaseSweeper } = await import("@/server/jobs/lease-sweeper");
    const sweeper = startLeaseSweeper();
    // Next's own handlers exit the process once the requests in flight are done (unless
    // NEXT_MANUAL_SIG_HANDLE, where a listener here would keep it from exiting at all).
    if (!process.env.NEXT_MANUAL_SIG_HANDLE) {
      for (const signal of ["SIGTERM", "SIGINT"] as const) {
        process.once(signal, () => {
          markConsoleStopping();
          clearInterval(sweeper);
        });
      }
    }
    const { startRunDriver } = await import("@/server/runbooks/run-driver");
    startRunDriver();
  }
}
