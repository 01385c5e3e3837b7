import { postgresMissing } from "@/test/support/postgres-test-database"; // first: points server/db at PostgreSQL
import { describe, expect, it } from "vitest";
import { disableUser } from "@/server/auth/disable-user";
import { signIn } from "@/server/auth/sign-in";
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

    it("of forty wrong passwords for one user at once, five are checked and the rest refused as throttled, none failing", async () => {
      await resetAuthTables();
      const outcomes = await Promise.allSettled(
        Array.from({ length: 40 }, () =>
          signIn({ username: "nosy", password: "wrong-password-guess", fromAddress: "10.0.0.9" }),
        ),
      );
      const codes = outcomes.map((o) => (o.status === "rejected" ? (o.reason as { code?: string }).code : "signed in"));
      expect(codes.filter((c) => c === "UNAUTHORIZED")).toHaveLength(5);
      expect(codes.filter((c) => c === "TOO_MANY_REQUESTS")).toHaveLength(35);
    });
  },
);
