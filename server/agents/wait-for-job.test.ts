import "@/test/support/test-database"; // first: gives this file its own database
import { beforeEach, describe, expect, it } from "vitest";
import { waitForJob } from "@/server/agents/wait-for-job";
import { prisma } from "@/server/db";
import { createJob } from "@/server/jobs/create-job";
import { createTestHost, resetJobTables } from "@/test/support/test-fixtures";

describe("waitForJob", () => {
  let hostId: string;

  beforeEach(async () => {
    await resetJobTables();
    ({ id: hostId } = await createTestHost("db-01"));
  });

  it("stops waiting when the request is aborted", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();

    expect(await waitForJob({ hostId, waitSeconds: 30, signal: controller.signal })).toBeNull();
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("hands over the job queued for its host, not one queued for another host", async () => {
    const waiting = waitForJob({ hostId, waitSeconds: 120 });
    await new Promise((r) => setTimeout(r, 200));
    const other = await createTestHost("db-02");
    await createJob({ hostId: other.id, kind: "dg.create", args: { diskGroup: "elsewhere" }, requestedById: null });
    const queued = await createJob({ hostId, kind: "dg.create", args: { diskGroup: "here" }, requestedById: null });

    expect((await waiting)?.id).toBe(queued.id);
  }, 10_000);

  it("gives up after waitSeconds", async () => {
    const started = Date.now();

    expect(await waitForJob({ hostId, waitSeconds: 1 })).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it("hands over a job queued through another console process, which only the database knows of", async () => {
    const waiting = waitForJob({ hostId, waitSeconds: 30 });
    // Written straight to the database, as another process would: no wake-up in this one.
    const queued = await prisma.job.create({
      data: { hostId, kind: "dg.create", argsJson: JSON.stringify({ diskGroup: "there" }), deadlineSeconds: 600 },
      select: { id: true },
    });

    expect((await waiting)?.id).toBe(queued.id);
  }, 10_000);

  it("many agents waiting at once each get their own host's job, and only that one", async () => {
    const hosts = await Promise.all(Array.from({ length: 40 }, (_, i) => createTestHost(`many-${i}`)));
    const waits = hosts.map((h) => waitForJob({ hostId: h.id, waitSeconds: 30 }));
    const jobs = await Promise.all(
      hosts.map((h, i) =>
        prisma.job.create({
          data: {
            hostId: h.id,
            kind: "dg.create",
            argsJson: JSON.stringify({ diskGroup: `g${i}` }),
            deadlineSeconds: 600,
          },
          select: { id: true },
        }),
      ),
    );

    expect((await Promise.all(waits)).map((j) => j?.id)).toEqual(jobs.map((j) => j.id));
  }, 20_000);
});
