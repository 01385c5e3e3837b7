import "@/test/support/test-database"; // first: gives this file its own database
import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/server/db";
import { claimNextJob } from "@/server/jobs/claim-next-job";
import { createJob } from "@/server/jobs/create-job";
import { finishJob } from "@/server/jobs/finish-job";
import { getJob } from "@/server/jobs/get-job";
import { createTestHost, resetJobTables } from "@/test/support/test-fixtures";

const copyArgs = { target: { kind: "sets", sets: ["/dev/vx/a"] }, direction: "s", full: false };

describe("finishJob", () => {
  let host: { id: string; name: string };
  let jobId: string;

  beforeEach(async () => {
    await resetJobTables();
    host = await createTestHost("db-01");
    jobId = (await createJob({ hostId: host.id, kind: "set.copy", args: copyArgs, requestedById: null })).id;
    await claimNextJob({ hostId: host.id });
  });

  it("finishes a running job, releases its locks, and lets a new job on the same set in", async () => {
    await finishJob({ hostId: host.id, jobId, attempt: 1, outcome: "succeeded", result: { chunksCopied: 12 } });

    const job = await getJob({ jobId });
    expect(job).toMatchObject({ state: "succeeded", result: { chunksCopied: 12 }, error: null });
    expect(job.finishedAt).not.toBeNull();
    expect(await prisma.jobLock.count()).toBe(0);
    await expect(
      createJob({ hostId: host.id, kind: "set.copy", args: copyArgs, requestedById: null }),
    ).resolves.toMatchObject({ state: "queued" });
    expect(await prisma.auditEntry.count({ where: { action: "job.finish", object: `job ${jobId}` } })).toBe(1);
  });

  it("stores the error of a failed job", async () => {
    await finishJob({
      hostId: host.id,
      jobId,
      attempt: 1,
      outcome: "failed",
      error: { code: "EIO", message: "read error at chunk 7", object: "/dev/vx/a" },
    });

    expect((await getJob({ jobId })).error).toEqual({
      code: "EIO",
      message: "read error at chunk 7",
      object: "/dev/vx/a",
    });
  });

  it("treats a repeat of the same finish as success, and refuses a different one", async () => {
    await finishJob({ hostId: host.id, jobId, attempt: 1, outcome: "cancelled" });
    await expect(finishJob({ hostId: host.id, jobId, attempt: 1, outcome: "cancelled" })).resolves.toEqual({
      ok: true,
    });

    await expect(finishJob({ hostId: host.id, jobId, attempt: 1, outcome: "succeeded" })).rejects.toMatchObject({
      code: "LEASE_LOST",
      message: expect.stringContaining("it is cancelled"),
    });
    expect(await prisma.auditEntry.count({ where: { action: "job.finish" } })).toBe(1);
  });

  it("refuses a result that does not match its kind, naming the job and the field, and stores nothing", async () => {
    await expect(
      finishJob({
        hostId: host.id,
        jobId,
        attempt: 1,
        outcome: "succeeded",
        result: { sets: ["/dev/vx/a"], direction: "sideways", full: false, pointInTime: [] },
      }),
    ).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: expect.stringMatching(
        new RegExp(`^Job ${jobId} \\(set\\.copy\\) reported an invalid result: direction: .* \\(got "sideways"\\)$`),
      ),
    });

    expect(await getJob({ jobId })).toMatchObject({ state: "running", result: null });
    expect(await prisma.jobLock.count()).toBeGreaterThan(0);
  });

  it("hands a succeeded job's result back typed by its kind", async () => {
    const result = {
      sets: ["/dev/vx/a"],
      direction: "s",
      full: false,
      pointInTime: [{ set: "/dev/vx/a", mode: "instant", cloneMs: 4 }],
    };
    await finishJob({ hostId: host.id, jobId, attempt: 1, outcome: "succeeded", result });

    const job = await getJob({ jobId });
    if (job.kind !== "set.copy") throw new Error(`expected a set.copy job, got ${job.kind}`);
    const clone: number | null | undefined = job.result?.pointInTime?.[0]?.cloneMs;
    expect(clone).toBe(4);
    expect(job.result).toEqual(result);
  });

  it("refuses a finish from an attempt that does not hold the job", async () => {
    await expect(finishJob({ hostId: host.id, jobId, attempt: 2, outcome: "succeeded" })).rejects.toMatchObject({
      code: "LEASE_LOST",
    });
    expect((await getJob({ jobId })).state).toBe("running");
  });
});
