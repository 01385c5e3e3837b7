import { postgresMissing } from "@/test/support/postgres-test-database"; // first: points server/db at PostgreSQL
import { describe, expect, it } from "vitest";
import { disableUser } from "@/server/auth/disable-user";
import { recordSignInAttempt } from "@/server/auth/sign-in-throttle";
import { dbProvider, prisma } from "@/server/db";
import { claimNextJob } from "@/server/jobs/claim-next-job";
import { createJob } from "@/server/jobs/create-job";
import { createTestUser, resetAuthTables } from "@/test/support/test-users";
import { createTestHost, resetJobTables } from "@/test/support/test-fixtures";

// On PostgreSQL the console's transactions run side by side (server/db-transaction.ts). Each test
// starts many at once and checks that the outcome is one that running them one by one could give.
describe.skipIf(postgresMissing !== null)(
  `transactions side by side on PostgreSQL${postgresMissing ? ` (skipped: ${postgresMissing})` : ""}`,
  () => {
    it("runs on PostgreSQL", () => {
      expect(dbProvider).toBe("postgresql");
    });

    it("of two admins disabled at the same moment, one stays: the other disable is refused as the last admin's", async () => {
      await resetAuthTables();
      const root = await createTestUser("root", "root-password", "admin");
      const ops = await createTestUser("ops", "ops-password", "admin");
      for (let round = 0; round < 5; round++) {
        await prisma.user.updateMany({ data: { disabledAt: null } });
        const outcomes = await Promise.allSettled([
          disableUser({ userId: root.id, actorId: ops.id }),
          disableUser({ userId: ops.id, actorId: root.id }),
        ]);
        expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
        const refusal = outcomes.find((o) => o.status === "rejected");
        expect(String((refusal as PromiseRejectedResult).reason)).toMatch(
          /is the last enabled admin; cannot disable them/,
        );
        expect(await prisma.user.count({ where: { role: "admin", disabledAt: null } })).toBe(1);
      }
    });

    it("a queued job raced for by ten claims is claimed once", async () => {
      await resetJobTables();
      const host = await createTestHost("db-01");
      const job = await createJob({
        hostId: host.id,
        kind: "dg.startall",
        args: { diskGroup: "a" },
        requestedById: null,
      });
      const claims = await Promise.all(Array.from({ length: 10 }, () => claimNextJob({ hostId: host.id })));
      expect(claims.filter((c) => c !== null).map((c) => c!.id)).toEqual([job.id]);
      expect(await prisma.job.findUniqueOrThrow({ where: { id: job.id }, select: { attempt: true } })).toEqual({
        attempt: 1,
      });
    });

    it("of twelve sign-in attempts for one user at once, no more than five may check a password", async () => {
      await resetAuthTables();
      const attempts = await Promise.all(
        Array.from({ length: 12 }, (_, i) => recordSignInAttempt("alice", `10.0.0.${i + 1}`, new Date())),
      );
      expect(attempts.filter((a) => a.throttle === null).length).toBeLessThanOrEqual(5);
      expect(attempts.filter((a) => a.throttle === null).length).toBeGreaterThanOrEqual(1);
    });
  },
);
