import "@/test/support/test-database"; // first: gives this file its own database
import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/server/db";
import { createJob } from "@/server/jobs/create-job";
import { createTestHost, createTestUser, resetJobTables } from "@/test/support/test-fixtures";

const copyArgs = (set: string) => ({ target: { kind: "sets", sets: [set] }, direction: "s", full: false });

describe("createJob", () => {
  let host: { id: string; name: string };
  let user: { id: string; username: string };

  beforeEach(async () => {
    await resetJobTables();
    host = await createTestHost("db-01");
    user = await createTestUser();
  });

  it("queues a job with parsed args and one lock per object, and audits it", async () => {
    const job = await createJob({
      hostId: host.id,
      kind: "set.copy",
      args: copyArgs("/dev/vx/a"),
      requestedById: user.id,
    });

    expect(job).toMatchObject({
      hostId: host.id,
      hostName: "db-01",
      kind: "set.copy",
      state: "queued",
      attempt: 0,
      requestedBy: user.username,
      args: { target: { kind: "sets", sets: ["/dev/vx/a"] }, direction: "s", full: false },
      error: null,
    });
    expect(job).not.toHaveProperty("argsJson");
    expect(await prisma.jobLock.findMany({ select: { key: true, jobId: true } })).toEqual([
      { key: `${host.id}:set:/dev/vx/a`, jobId: job.id },
    ]);
    expect(await prisma.auditEntry.findFirst({ where: { action: "job.create" } })).toMatchObject({
      actorType: "user",
      actorId: user.id,
      object: `job ${job.id}`,
      result: "ok",
    });
  });

  it("refuses a second job on a busy set, naming the job in the way; another set is fine", async () => {
    const first = await createJob({
      hostId: host.id,
      kind: "set.copy",
      args: copyArgs("/dev/vx/a"),
      requestedById: user.id,
    });

    await expect(
      createJob({
        hostId: host.id,
        kind: "set.abort",
        args: { target: { kind: "sets", sets: ["/dev/vx/a"] } },
        requestedById: user.id,
      }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: `set /dev/vx/a is busy: job ${first.id} (set.copy, queued) is in the way`,
    });
    expect(await prisma.job.count()).toBe(1);
    expect(await prisma.auditEntry.count({ where: { action: "job.create", result: "refused" } })).toBe(1);

    const other = await createJob({
      hostId: host.id,
      kind: "set.copy",
      args: copyArgs("/dev/vx/b"),
      requestedById: user.id,
    });
    expect(other.state).toBe("queued");
  });

  it("lets only one of two racing requests for the same disk group through", async () => {
    const results = await Promise.allSettled(
      [1, 2].map(() =>
        createJob({ hostId: host.id, kind: "dg.deport", args: { diskGroup: "snapdg" }, requestedById: user.id }),
      ),
    );

    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [refused] = results.filter((r) => r.status === "rejected");
    expect(refused?.reason).toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/^disk group snapdg is busy: job \S+ \(dg.deport, queued\)/),
    });
    expect(await prisma.job.count()).toBe(1);
  });

  it("locks the same set name independently on two hosts", async () => {
    const other = await createTestHost("db-02");
    await createJob({ hostId: host.id, kind: "set.copy", args: copyArgs("/dev/vx/a"), requestedById: user.id });
    await expect(
      createJob({ hostId: other.id, kind: "set.copy", args: copyArgs("/dev/vx/a"), requestedById: user.id }),
    ).resolves.toMatchObject({ hostName: "db-02" });
  });

  it("returns the same job when a request is repeated with its idempotency key", async () => {
    const request = {
      hostId: host.id,
      kind: "set.copy",
      args: copyArgs("/dev/vx/a"),
      requestedById: user.id,
      idempotencyKey: "k-1",
    };
    const first = await createJob(request);
    const again = await createJob(request);

    expect(again.id).toBe(first.id);
    expect(await prisma.job.count()).toBe(1);
  });

  it("refuses an idempotency key reused for a different request", async () => {
    const first = await createJob({
      hostId: host.id,
      kind: "set.copy",
      args: copyArgs("/dev/vx/a"),
      requestedById: user.id,
      idempotencyKey: "k-1",
    });

    await expect(
      createJob({
        hostId: host.id,
        kind: "set.copy",
        args: copyArgs("/dev/vx/b"),
        requestedById: user.id,
        idempotencyKey: "k-1",
      }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining(`already used for job ${first.id}`) });
    expect(await prisma.job.count()).toBe(1);
  });

  it("refuses args with a missing field, naming the field and the host, and inserts nothing", async () => {
    await expect(
      createJob({
        hostId: host.id,
        kind: "set.enable",
        args: { type: "ind", shadow: "dg/shadow", bitmap: "dg/bitmap" },
        requestedById: user.id,
      }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/args\.master: .*/) });
    await expect(createJob({ hostId: host.id, kind: "set.enable", args: {}, requestedById: user.id })).rejects.toThrow(
      /host db-01/,
    );

    expect(await prisma.job.count()).toBe(0);
    expect(await prisma.jobLock.count()).toBe(0);
  });

  it("refuses an unknown kind, naming the field and the host", async () => {
    await expect(
      createJob({ hostId: host.id, kind: "set.explode", args: {}, requestedById: user.id }),
    ).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: expect.stringMatching(/^kind: unknown job kind "set.explode" for host db-01/),
    });
    expect(await prisma.job.count()).toBe(0);
  });

  it("refuses a bad deadline", async () => {
    await expect(
      createJob({
        hostId: host.id,
        kind: "dg.create",
        args: { diskGroup: "d" },
        requestedById: user.id,
        deadlineSeconds: 0,
      }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringContaining("deadlineSeconds") });
  });

  it("refuses an unknown host and a revoked one, naming them", async () => {
    await expect(
      createJob({ hostId: "nope", kind: "dg.create", args: { diskGroup: "d" }, requestedById: user.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", message: "Host nope not found" });

    await prisma.host.update({ where: { id: host.id }, data: { revokedAt: new Date("2026-11-25T10:00:00Z") } });
    await expect(
      createJob({ hostId: host.id, kind: "dg.create", args: { diskGroup: "d" }, requestedById: user.id }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/^Host db-01 was revoked/) });
    expect(await prisma.job.count()).toBe(0);
  });
});
