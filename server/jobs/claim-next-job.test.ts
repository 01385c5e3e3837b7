import "@/test/support/test-database"; // first: gives this file its own database
import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/server/db";
import { claimNextJob } from "@/server/jobs/claim-next-job";
import { createJob } from "@/server/jobs/create-job";
import { JOB_LEASE_MS } from "@/server/jobs/job-timing";
import { createTestHost, resetJobTables } from "@/test/support/test-fixtures";

const t0 = new Date("2026-11-25T12:00:00.000Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

describe("claimNextJob", () => {
  let host: { id: string; name: string };

  beforeEach(async () => {
    await resetJobTables();
    host = await createTestHost("db-01");
  });

  it("claims the oldest queued job of the host, with parsed args and a lease", async () => {
    const older = await createJob({
      hostId: host.id,
      kind: "dg.startall",
      args: { diskGroup: "a" },
      requestedById: null,
      now: at(0),
      deadlineSeconds: 600,
    });
    await createJob({
      hostId: host.id,
      kind: "dg.startall",
      args: { diskGroup: "b" },
      requestedById: null,
      now: at(1000),
    });

    const claimed = await claimNextJob({ hostId: host.id, now: at(5000) });

    expect(claimed).toEqual({
      id: older.id,
      kind: "dg.startall",
      args: { diskGroup: "a" },
      attempt: 1,
      leaseExpiresAt: at(5000 + JOB_LEASE_MS).getTime(),
      deadlineAt: at(5000 + 600_000).getTime(),
    });
    expect(await prisma.job.findUnique({ where: { id: older.id }, select: { state: true, startedAt: true } })).toEqual({
      state: "running",
      startedAt: at(5000),
    });
  });

  it('claims only a resume hook for an agent busy with another job (only: "resume"), even behind other hooks', async () => {
    await createJob({
      hostId: host.id,
      kind: "dg.startall",
      args: { diskGroup: "a" },
      requestedById: null,
      now: at(0),
    });
    for (let i = 0; i < 12; i++)
      await createJob({
        hostId: host.id,
        kind: "hook.run",
        args: { hook: `h${i}`, purpose: "run" },
        requestedById: null,
        now: at(10 + i),
      });
    expect(await claimNextJob({ hostId: host.id, only: "resume", now: at(100) })).toBeNull();
    const resume = await createJob({
      hostId: host.id,
      kind: "hook.run",
      args: { hook: "thaw", purpose: "resume" },
      requestedById: null,
      now: at(200),
    });

    expect(await claimNextJob({ hostId: host.id, only: "resume", now: at(300) })).toMatchObject({
      id: resume.id,
      kind: "hook.run",
      args: { hook: "thaw", purpose: "resume" },
    });
    expect(await prisma.job.count({ where: { hostId: host.id, state: "queued" } })).toBe(13);
  });

  it("returns null when the host has nothing queued, and never hands out another host's job", async () => {
    const other = await createTestHost("db-02");
    await createJob({ hostId: other.id, kind: "dg.create", args: { diskGroup: "x" }, requestedById: null });

    expect(await claimNextJob({ hostId: host.id, now: at(0) })).toBeNull();
  });

  it("gives one queued job to exactly one of two concurrent claims", async () => {
    const job = await createJob({
      hostId: host.id,
      kind: "dg.create",
      args: { diskGroup: "x" },
      requestedById: null,
      now: at(0),
    });

    const results = await Promise.all([
      claimNextJob({ hostId: host.id, now: at(10) }),
      claimNextJob({ hostId: host.id, now: at(10) }),
    ]);

    expect(results.filter((r) => r !== null).map((r) => r?.id)).toEqual([job.id]);
    expect(await prisma.job.findUnique({ where: { id: job.id }, select: { attempt: true } })).toEqual({ attempt: 1 });
  });

  it("hands two queued jobs to two concurrent claims, one each", async () => {
    await createJob({ hostId: host.id, kind: "dg.create", args: { diskGroup: "x" }, requestedById: null, now: at(0) });
    await createJob({ hostId: host.id, kind: "dg.create", args: { diskGroup: "y" }, requestedById: null, now: at(1) });

    const results = await Promise.all([
      claimNextJob({ hostId: host.id, now: at(10) }),
      claimNextJob({ hostId: host.id, now: at(10) }),
    ]);

    expect(new Set(results.map((r) => r?.args.diskGroup))).toEqual(new Set(["x", "y"]));
  });
});
