import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { startJobNotifications, type JobNotifications } from "@/server/jobs/job-notifications";
import { postgresMissingReason, startPostgresServer, type PostgresServer } from "@/test/support/postgres-server";

const missing = postgresMissingReason();

/** One console process's side of the channel, with what it was told, awaitable. */
function consoleProcess(url: string) {
  const received: string[] = [];
  const waiters: { event: string; resolve: () => void }[] = [];
  const notifications = startJobNotifications({
    url,
    warn: () => {},
    deliver: (event) => {
      received.push(event);
      for (const w of waiters.filter((w) => w.event === event)) w.resolve();
    },
  });
  return {
    notifications,
    received,
    next: (event: string) => new Promise<void>((resolve) => waiters.push({ event, resolve })),
  };
}

/** Publishes until `until` resolves: the listener may still be connecting when the test starts. */
async function publishUntil(from: JobNotifications, event: string, until: Promise<void>) {
  let done = false;
  void until.then(() => (done = true));
  while (!done) {
    from.publish(event);
    await Promise.race([until, new Promise((r) => setTimeout(r, 50))]);
  }
}

describe.skipIf(missing !== null)(
  `job notifications between console processes${missing ? ` (skipped: ${missing})` : ""}`,
  () => {
    let server: PostgresServer;
    let url: string;
    beforeAll(async () => {
      server = await startPostgresServer();
      url = await server.createDatabase();
    });
    afterAll(() => server?.stop());

    it("a job queued through one console wakes the waiters of another, and not its own twice", async () => {
      const a = consoleProcess(url);
      const b = consoleProcess(url);
      try {
        await publishUntil(a.notifications, "queued:host-1", b.next("queued:host-1"));
        expect(b.received).toContain("queued:host-1");
        await publishUntil(b.notifications, "ended", a.next("ended"));
        expect(a.received).not.toContain("queued:host-1");
        expect(b.received).not.toContain("ended");
      } finally {
        await a.notifications.close();
        await b.notifications.close();
      }
    });

    it("listens again after its connection is killed, and wakes every waiter once it is back", async () => {
      const a = consoleProcess(url);
      const b = consoleProcess(url);
      try {
        await publishUntil(a.notifications, "ended", b.next("ended"));
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        const back = b.next("*");
        // Kills the connections whose last statement was LISTEN: b's (a's last was a NOTIFY).
        await admin.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND query LIKE 'LISTEN%'",
        );
        await admin.end();
        await back;
        await publishUntil(a.notifications, "milestone", b.next("milestone"));
        expect(b.received).toContain("milestone");
      } finally {
        await a.notifications.close();
        await b.notifications.close();
      }
    });
  },
);
