import "@/test/support/test-database"; // first: gives this file its own database
import { beforeEach, describe, expect, it } from "vitest";
import { claimNextJob } from "@/server/jobs/claim-next-job";
import { createJob } from "@/server/jobs/create-job";
import { getJob } from "@/server/jobs/get-job";
import { canTransitionJob, isTerminalJobState } from "@/lib/job-states";
import { listJobs } from "@/server/jobs/list-jobs";
import { createTestHost, resetJobTables } from "@/test/support/test-fixtures";

const at = (ms: number) => new Date(Date.parse("2026-11-25T12:00:00.000Z") + ms);

describe("listJobs and getJob", () => {
  let a: { id: string; name: string };

  beforeEach(async () => {
    await resetJobTables();
    a = await createTestHost("db-01");
    const b = await createTestHost("db-02");
    await createJob({ hostId: a.id, kind: "dg.create", args: { diskGroup: "x" }, requestedById: null, now: at(0) });
    await createJob({ hostId: a.id, kind: "dg.startall", args: { diskGroup: "y" }, requestedById: null, now: at(1) });
    await createJob({ hostId: b.id, kind: "dg.create", args: { diskGroup: "x" }, requestedById: null, now: at(2) });
    await claimNextJob({ hostId: a.id, now: at(3) });
  });

  it("lists newest first, filtered by host, state and kind, without raw JSON", async () => {
    const all = await listJobs();
    expect(all.map((j) => [j.hostName, j.kind, j.state])).toEqual([
      ["db-02", "dg.create", "queued"],
      ["db-01", "dg.startall", "queued"],
      ["db-01", "dg.create", "running"],
    ]);
    expect(Object.keys(all[0] ?? {})).not.toContain("argsJson");

    expect((await listJobs({ hostId: a.id })).map((j) => j.kind)).toEqual(["dg.startall", "dg.create"]);
    expect((await listJobs({ state: "running" })).map((j) => j.hostName)).toEqual(["db-01"]);
    expect((await listJobs({ kind: "dg.create", limit: 1 })).map((j) => j.hostName)).toEqual(["db-02"]);
  });

  it("getJob names a missing job", async () => {
    await expect(getJob({ jobId: "nope" })).rejects.toMatchObject({ code: "NOT_FOUND", message: "Job nope not found" });
  });

  it("knows the allowed transitions", () => {
    expect(canTransitionJob("queued", "running")).toBe(true);
    expect(canTransitionJob("succeeded", "running")).toBe(false);
    expect(canTransitionJob("queued", "succeeded")).toBe(false);
    expect(isTerminalJobState("interrupted")).toBe(true);
    expect(isTerminalJobState("running")).toBe(false);
  });
});
