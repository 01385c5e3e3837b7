import "@/test/support/test-database"; // first: gives this file its own database
import { beforeEach, describe, expect, it } from "vitest";
import { waitForJob } from "@/server/agents/wait-for-job";
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

  it("hands over a job queued for its host at once, without waiting for the next poll", async () => {
    // A poll interval far beyond the test's timeout: only the wake-up can end this wait in time.
    const waiting = waitForJob({ hostId, waitSeconds: 120, pollIntervalMs: 60_000 });
    await new Promise((r) => setTimeout(r, 200));
    const other = await createTestHost("db-02");
    await createJob({ hostId: other.id, kind: "dg.create", args: { diskGroup: "elsewhere" }, requestedById: null });
    const queued = await createJob({ hostId, kind: "dg.create", args: { diskGroup: "here" }, requestedById: null });

    expect((await waiting)?.id).toBe(queued.id);
  }, 10_000);

  it("gives up after waitSeconds", async () => {
    const started = Date.now();

    expect(await waitForJob({ hostId, waitSeconds: 1, pollIntervalMs: 100 })).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });
});
