import "@/server/jobs/test-database"; // first: gives this file its own database
import { beforeEach, describe, expect, it } from "vitest";
import { waitForJob } from "@/server/agents/wait-for-job";
import { createTestHost, resetJobTables } from "@/server/jobs/test-fixtures";

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

  it("gives up after waitSeconds", async () => {
    const started = Date.now();

    expect(await waitForJob({ hostId, waitSeconds: 1, pollIntervalMs: 100 })).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });
});
