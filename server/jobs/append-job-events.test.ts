import "@/test/support/test-database"; // first: gives this file its own database
import { beforeEach, describe, expect, it } from "vitest";
import type { JobEvent } from "@/lib/agent-protocol";
import { prisma } from "@/server/db";
import { appendJobEvents } from "@/server/jobs/append-job-events";
import { claimNextJob } from "@/server/jobs/claim-next-job";
import { createJob } from "@/server/jobs/create-job";
import { getJob } from "@/server/jobs/get-job";
import { JOB_LEASE_MS } from "@/server/jobs/job-timing";
import { listJobEvents } from "@/server/jobs/list-job-events";
import { renewLease } from "@/server/jobs/renew-lease";
import { createTestHost, resetJobTables } from "@/test/support/test-fixtures";

const t0 = new Date("2026-11-25T12:00:00.000Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

const progress = (chunksDone: number) => ({
  phase: "copying" as const,
  direction: "to-shadow" as const,
  chunksDone,
  chunksTotal: 100,
  bytesDone: chunksDone * 32768,
  bytesTotal: 3276800,
  rateBytesPerSec: 1e6,
  etaSeconds: 3,
  updatedAt: t0.getTime(),
  set: "/dev/vx/a",
});
const log = (seq: number, message = `line ${seq}`): JobEvent => ({ seq, at: at(seq).getTime(), type: "log", message });
const progressEvent = (seq: number, chunksDone: number): JobEvent => ({
  seq,
  at: at(seq).getTime(),
  type: "progress",
  progress: progress(chunksDone),
});

describe("appendJobEvents", () => {
  let host: { id: string; name: string };
  let jobId: string;

  beforeEach(async () => {
    await resetJobTables();
    host = await createTestHost("db-01");
    const job = await createJob({
      hostId: host.id,
      kind: "set.copy",
      args: { target: { kind: "sets", sets: ["/dev/vx/a"] }, direction: "s", full: true },
      requestedById: null,
      now: at(0),
    });
    jobId = job.id;
    await claimNextJob({ hostId: host.id, now: at(0) });
  });

  it("stores a point-in-time event with its sets' modes, for the runbook driver", async () => {
    const pointInTime = { at: at(5).getTime(), sets: [{ set: "/dev/vx/a", mode: "instant" as const, cloneMs: 3 }] };
    await appendJobEvents({
      hostId: host.id,
      jobId,
      attempt: 1,
      events: [log(1), { seq: 2, at: at(2).getTime(), type: "point-in-time", pointInTime }],
      now: at(1000),
    });
    const stored = await prisma.jobEvent.findMany({
      where: { jobId },
      orderBy: { seq: "asc" },
      select: { type: true, pointInTimeJson: true },
    });
    expect(stored).toEqual([
      { type: "log", pointInTimeJson: null },
      { type: "point-in-time", pointInTimeJson: JSON.stringify(pointInTime) },
    ]);
  });

  it("stores numbered events, ignores repeats, and renews the lease", async () => {
    const first = await appendJobEvents({
      hostId: host.id,
      jobId,
      attempt: 1,
      events: [log(1), log(2)],
      now: at(1000),
    });
    // A retried batch overlaps the stored one: 2 is skipped, 3 is new; 3 twice in one batch counts once.
    await appendJobEvents({
      hostId: host.id,
      jobId,
      attempt: 1,
      events: [log(2, "retried"), log(3), log(3, "again")],
      now: at(2000),
    });

    expect(first).toEqual({ cancelRequested: false, leaseExpiresAt: at(1000 + JOB_LEASE_MS).getTime() });
    const events = await listJobEvents({ jobId });
    expect(events.map((e) => [e.attempt, e.seq, e.message])).toEqual([
      [1, 1, "line 1"],
      [1, 2, "line 2"],
      [1, 3, "line 3"],
    ]);
    expect(await prisma.job.findUnique({ where: { id: jobId }, select: { leaseExpiresAt: true } })).toEqual({
      leaseExpiresAt: at(2000 + JOB_LEASE_MS),
    });
  });

  it("lists events after a cursor, for polling", async () => {
    await appendJobEvents({ hostId: host.id, jobId, attempt: 1, events: [log(1), log(2), log(3)], now: at(1000) });

    expect((await listJobEvents({ jobId, after: { attempt: 1, seq: 1 } })).map((e) => e.seq)).toEqual([2, 3]);
    await expect(listJobEvents({ jobId: "nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("updates the job's progress and phase from the newest progress event only", async () => {
    await appendJobEvents({
      hostId: host.id,
      jobId,
      attempt: 1,
      events: [progressEvent(1, 10), progressEvent(2, 20)],
      now: at(1000),
    });
    // A late, lower-numbered event that was never stored does not roll the progress back.
    await appendJobEvents({ hostId: host.id, jobId, attempt: 1, events: [progressEvent(5, 50)], now: at(2000) });
    await appendJobEvents({ hostId: host.id, jobId, attempt: 1, events: [progressEvent(4, 40)], now: at(3000) });

    const job = await getJob({ jobId });
    expect(job.phase).toBe("copying");
    expect(job.progress).toMatchObject({ chunksDone: 50, chunksTotal: 100, set: "/dev/vx/a" });
    expect((await listJobEvents({ jobId }))[0]?.progress).toMatchObject({ chunksDone: 10 });
  });

  it("refuses a stale attempt with LEASE_LOST and another host's call with NOT_FOUND", async () => {
    await expect(
      appendJobEvents({ hostId: host.id, jobId, attempt: 2, events: [log(1)], now: at(1000) }),
    ).rejects.toMatchObject({ code: "LEASE_LOST", message: expect.stringContaining(`Job ${jobId} attempt 2`) });
    const other = await createTestHost("db-02");
    await expect(
      appendJobEvents({ hostId: other.id, jobId, attempt: 1, events: [log(1)], now: at(1000) }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await prisma.jobEvent.count()).toBe(0);
  });

  it("renewLease extends the lease and reports a cancel request", async () => {
    await prisma.job.update({ where: { id: jobId }, data: { cancelRequestedAt: at(500) } });

    expect(await renewLease({ hostId: host.id, jobId, attempt: 1, now: at(1000) })).toEqual({
      cancelRequested: true,
      leaseExpiresAt: at(1000 + JOB_LEASE_MS).getTime(),
    });
    await expect(renewLease({ hostId: host.id, jobId, attempt: 3, now: at(1000) })).rejects.toMatchObject({
      code: "LEASE_LOST",
    });
  });
});
