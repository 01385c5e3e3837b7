import "@/test/support/test-database"; // first: gives this file its own database
import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/server/db";
import { appendJobEvents } from "@/server/jobs/append-job-events";
import { claimNextJob } from "@/server/jobs/claim-next-job";
import { createJob } from "@/server/jobs/create-job";
import { expireStaleLeases } from "@/server/jobs/expire-stale-leases";
import { finishJob } from "@/server/jobs/finish-job";
import { getJob } from "@/server/jobs/get-job";
import { JOB_LEASE_MS, MAX_JOB_ATTEMPTS } from "@/server/jobs/job-timing";
import { createTestHost, resetJobTables } from "@/test/support/test-fixtures";

const t0 = new Date("2026-11-25T12:00:00.000Z");
const at = (ms: number) => new Date(t0.getTime() + ms);
const copyArgs = { target: { kind: "sets", sets: ["/dev/vx/a"] }, direction: "s", full: false };

describe("expireStaleLeases", () => {
  let host: { id: string; name: string };

  beforeEach(async () => {
    await resetJobTables();
    host = await createTestHost("db-01");
  });

  it("marks a non-idempotent job of a silent agent interrupted, never succeeded, and releases its locks", async () => {
    const { id } = await createJob({
      hostId: host.id,
      kind: "set.copy",
      args: copyArgs,
      requestedById: null,
      now: at(0),
    });
    await claimNextJob({ hostId: host.id, now: at(0) });
    await appendJobEvents({ hostId: host.id, jobId: id, attempt: 1, events: [], now: at(10_000) });

    expect(await expireStaleLeases(at(10_000 + JOB_LEASE_MS - 1))).toEqual({ requeued: 0, interrupted: 0 });
    expect(await expireStaleLeases(at(10_000 + JOB_LEASE_MS + 1))).toEqual({ requeued: 0, interrupted: 1 });

    const job = await getJob({ jobId: id });
    expect(job.state).toBe("interrupted");
    expect(job.error).toMatchObject({ code: "AGENT_SILENT", object: "set /dev/vx/a" });
    expect(job.error?.message).toContain(`went silent at ${at(10_000).toISOString()}`);
    expect(job.error?.message).toContain("Check the pitcrew agent on host db-01");
    expect(await prisma.jobLock.count()).toBe(0);
    await expect(
      createJob({ hostId: host.id, kind: "set.copy", args: copyArgs, requestedById: null, now: at(100_000) }),
    ).resolves.toMatchObject({ state: "queued" });
    // The agent that comes back late has lost the job.
    await expect(finishJob({ hostId: host.id, jobId: id, attempt: 1, outcome: "succeeded" })).rejects.toMatchObject({
      code: "LEASE_LOST",
    });
  });

  it("queues an idempotent job again, keeping its locks, and the next claim is attempt 2", async () => {
    const { id } = await createJob({
      hostId: host.id,
      kind: "dg.startall",
      args: { diskGroup: "snapdg" },
      requestedById: null,
      now: at(0),
    });
    await claimNextJob({ hostId: host.id, now: at(0) });

    expect(await expireStaleLeases(at(JOB_LEASE_MS + 1))).toEqual({ requeued: 1, interrupted: 0 });
    expect((await getJob({ jobId: id })).state).toBe("queued");
    expect(await prisma.jobLock.findMany({ select: { jobId: true } })).toEqual([{ jobId: id }]);

    await expect(claimNextJob({ hostId: host.id, now: at(JOB_LEASE_MS + 2) })).resolves.toMatchObject({
      id,
      attempt: 2,
    });
  });

  it(`interrupts an idempotent job after ${MAX_JOB_ATTEMPTS} attempts`, async () => {
    const { id } = await createJob({
      hostId: host.id,
      kind: "sv.enable",
      args: { volumes: ["dg/v1"] },
      requestedById: null,
      now: at(0),
    });
    let now = 0;
    for (let attempt = 1; attempt <= MAX_JOB_ATTEMPTS; attempt++) {
      await expect(claimNextJob({ hostId: host.id, now: at(now) })).resolves.toMatchObject({ id, attempt });
      now += JOB_LEASE_MS + 1;
    }
    await expireStaleLeases(at(now));

    expect(await getJob({ jobId: id })).toMatchObject({
      state: "interrupted",
      attempt: MAX_JOB_ATTEMPTS,
      error: { code: "AGENT_SILENT" },
    });
    expect(await prisma.jobLock.count()).toBe(0);
  });

  it("interrupts a job past its deadline even while its agent keeps the lease", async () => {
    const { id } = await createJob({
      hostId: host.id,
      kind: "set.params",
      args: { target: { kind: "group", group: "g1" }, delay: 2, unit: 100 },
      requestedById: null,
      deadlineSeconds: 30,
      now: at(0),
    });
    await claimNextJob({ hostId: host.id, now: at(0) });
    await appendJobEvents({ hostId: host.id, jobId: id, attempt: 1, events: [], now: at(29_000) });

    expect(await expireStaleLeases(at(30_001))).toEqual({ requeued: 0, interrupted: 1 });
    expect(await getJob({ jobId: id })).toMatchObject({
      state: "interrupted",
      error: { code: "DEADLINE_EXCEEDED", object: "group g1", message: expect.stringContaining("deadline of 30 s") },
    });
    await expect(
      appendJobEvents({ hostId: host.id, jobId: id, attempt: 1, events: [], now: at(31_000) }),
    ).rejects.toMatchObject({ code: "LEASE_LOST" });
  });

  it("leaves queued and finished jobs alone", async () => {
    await createJob({ hostId: host.id, kind: "dg.create", args: { diskGroup: "a" }, requestedById: null, now: at(0) });
    const done = await createJob({
      hostId: host.id,
      kind: "dg.create",
      args: { diskGroup: "b" },
      requestedById: null,
      now: at(-1),
    });
    await claimNextJob({ hostId: host.id, now: at(0) });
    await finishJob({ hostId: host.id, jobId: done.id, attempt: 1, outcome: "succeeded", now: at(1) });

    expect(await expireStaleLeases(at(10 * JOB_LEASE_MS))).toEqual({ requeued: 0, interrupted: 0 });
  });
});
