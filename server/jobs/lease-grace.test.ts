import "@/test/support/test-database"; // first: gives this file its own database
import { beforeEach, describe, expect, it } from "vitest";
import { appendJobEvents } from "@/server/jobs/append-job-events";
import { claimNextJob } from "@/server/jobs/claim-next-job";
import { createJob } from "@/server/jobs/create-job";
import { expireStaleLeases } from "@/server/jobs/expire-stale-leases";
import { getJob } from "@/server/jobs/get-job";
import { leaseGraceUntil, markConsoleStarted, markConsoleStopping } from "@/server/jobs/lease-grace";
import { JOB_LEASE_MS } from "@/server/jobs/job-timing";
import { createTestHost, resetJobTables } from "@/test/support/test-fixtures";

const t0 = new Date("2026-11-25T12:00:00.000Z");
const at = (ms: number) => new Date(t0.getTime() + ms);
const copyArgs = { target: { kind: "sets", sets: ["/dev/vx/a"] }, direction: "s", full: false };

// A console that was down longer than a lease: the agents could not renew, so their leases ran
// out during the outage. Right after the restart, another host's claim (which sweeps first) must
// not interrupt a copy whose agent is alive and about to renew.
describe("the lease grace after a console start", () => {
  let busy: { id: string };
  let other: { id: string };

  beforeEach(async () => {
    await resetJobTables();
    busy = await createTestHost("db-01");
    other = await createTestHost("db-02");
  });

  it("has no grace outside a started console", () => {
    expect(leaseGraceUntil()).toBeNull();
  });

  it("keeps a job whose lease ran out during the outage until two leases after the start, then expires it", async () => {
    const { id } = await createJob({
      hostId: busy.id,
      kind: "set.copy",
      args: copyArgs,
      requestedById: null,
      now: at(0),
    });
    await claimNextJob({ hostId: busy.id, now: at(0) });
    await appendJobEvents({ hostId: busy.id, jobId: id, attempt: 1, events: [], now: at(1_000) });
    // The console comes back long after the lease ran out.
    const restart = at(1_000 + 3 * JOB_LEASE_MS);
    markConsoleStarted(restart);
    expect(leaseGraceUntil()).toEqual(new Date(restart.getTime() + 2 * JOB_LEASE_MS));

    // Another host claims at once: its sweep leaves the running copy alone.
    expect(await claimNextJob({ hostId: other.id, now: new Date(restart.getTime() + 100) })).toBeNull();
    expect((await getJob({ jobId: id })).state).toBe("running");
    // The agent renews within the grace, and keeps renewing: its job goes on after the grace.
    const renewed = new Date(restart.getTime() + 2 * JOB_LEASE_MS - 1_000);
    await appendJobEvents({
      hostId: busy.id,
      jobId: id,
      attempt: 1,
      events: [],
      now: new Date(restart.getTime() + 5_000),
    });
    await appendJobEvents({ hostId: busy.id, jobId: id, attempt: 1, events: [], now: renewed });
    expect(
      await expireStaleLeases(new Date(restart.getTime() + 2 * JOB_LEASE_MS + 1), {
        leaseGraceUntil: leaseGraceUntil(),
      }),
    ).toEqual({ requeued: 0, interrupted: 0 });
    expect((await getJob({ jobId: id })).state).toBe("running");

    // An agent that then goes silent is found as before, once its lease runs out.
    const end = new Date(renewed.getTime() + JOB_LEASE_MS + 1);
    expect(await claimNextJob({ hostId: other.id, now: end })).toBeNull();
    expect((await getJob({ jobId: id })).error).toMatchObject({ code: "AGENT_SILENT" });
  });

  it("expires no lease while the console stops, whatever the time; deadlines still expire jobs", async () => {
    const { id } = await createJob({
      hostId: busy.id,
      kind: "set.copy",
      args: copyArgs,
      requestedById: null,
      now: at(0),
    });
    await claimNextJob({ hostId: busy.id, now: at(0) });
    markConsoleStarted(at(0));
    markConsoleStopping();
    expect(await claimNextJob({ hostId: other.id, now: at(100 * JOB_LEASE_MS) })).toBeNull();
    expect((await getJob({ jobId: id })).state).toBe("running");
    const late = await createJob({
      hostId: busy.id,
      kind: "set.copy",
      args: { ...copyArgs, target: { kind: "sets", sets: ["/dev/vx/b"] } },
      requestedById: null,
      deadlineSeconds: 30,
      now: at(0),
    });
    await claimNextJob({ hostId: busy.id, now: at(0) });
    expect(await expireStaleLeases(at(60_000), { leaseGraceUntil: leaseGraceUntil() })).toEqual({
      requeued: 0,
      interrupted: 1,
    });
    expect((await getJob({ jobId: late.id })).error).toMatchObject({ code: "DEADLINE_EXCEEDED" });
  });

  it("still expires a job past its deadline during the grace", async () => {
    const { id } = await createJob({
      hostId: busy.id,
      kind: "set.copy",
      args: copyArgs,
      requestedById: null,
      deadlineSeconds: 30,
      now: at(0),
    });
    await claimNextJob({ hostId: busy.id, now: at(0) });
    const restart = at(60_000);
    expect(
      await expireStaleLeases(new Date(restart.getTime() + 1), {
        leaseGraceUntil: new Date(restart.getTime() + JOB_LEASE_MS),
      }),
    ).toEqual({ requeued: 0, interrupted: 1 });
    expect((await getJob({ jobId: id })).error).toMatchObject({ code: "DEADLINE_EXCEEDED" });
  });
});
