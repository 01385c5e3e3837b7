import "@/test/support/test-database"; // first: gives this file its own database
import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/server/db";
import { appendJobEvents } from "@/server/jobs/append-job-events";
import { cancelJob } from "@/server/jobs/cancel-job";
import { claimNextJob } from "@/server/jobs/claim-next-job";
import { createJob } from "@/server/jobs/create-job";
import { finishJob } from "@/server/jobs/finish-job";
import { createTestHost, createTestUser, resetJobTables } from "@/test/support/test-fixtures";

const copyArgs = { target: { kind: "sets", sets: ["/dev/vx/a"] }, direction: "s", full: false };

describe("cancelJob", () => {
  let host: { id: string; name: string };
  let user: { id: string; username: string };
  let jobId: string;

  beforeEach(async () => {
    await resetJobTables();
    host = await createTestHost("db-01");
    user = await createTestUser();
    jobId = (await createJob({ hostId: host.id, kind: "set.copy", args: copyArgs, requestedById: user.id })).id;
  });

  it("cancels a queued job at once and releases its locks", async () => {
    const job = await cancelJob({ jobId, userId: user.id });

    expect(job.state).toBe("cancelled");
    expect(job.finishedAt).not.toBeNull();
    expect(await prisma.jobLock.count()).toBe(0);
    expect(await claimNextJob({ hostId: host.id })).toBeNull();
    expect(await prisma.auditEntry.findFirst({ where: { action: "job.cancel" } })).toMatchObject({
      actorType: "user",
      actorId: user.id,
      result: "ok",
    });
  });

  it("asks the agent of a running job to stop; the agent then finishes it as cancelled", async () => {
    await claimNextJob({ hostId: host.id });

    const job = await cancelJob({ jobId, userId: user.id });
    expect(job.state).toBe("running");
    expect(job.cancelRequestedAt).not.toBeNull();
    expect(await prisma.jobLock.count()).toBe(1);
    // Asking twice is harmless.
    await expect(cancelJob({ jobId, userId: user.id })).resolves.toMatchObject({ state: "running" });

    const report = await appendJobEvents({ hostId: host.id, jobId, attempt: 1, events: [] });
    expect(report.cancelRequested).toBe(true);
    await finishJob({ hostId: host.id, jobId, attempt: 1, outcome: "cancelled" });
    expect(await prisma.jobLock.count()).toBe(0);
  });

  it("refuses to cancel a finished job, naming it and its state", async () => {
    await claimNextJob({ hostId: host.id });
    await finishJob({ hostId: host.id, jobId, attempt: 1, outcome: "succeeded" });

    await expect(cancelJob({ jobId, userId: user.id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: `Job ${jobId} is succeeded, cannot cancel`,
    });
    expect(await prisma.auditEntry.count({ where: { action: "job.cancel", result: "refused" } })).toBe(1);
  });

  it("reports an unknown job as not found", async () => {
    await expect(cancelJob({ jobId: "nope", userId: user.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "Job nope not found",
    });
  });
});
