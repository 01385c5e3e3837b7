// Storage jobs queued through the API for a test's setup, and waiting for them to end.
import { expect } from "@playwright/test";
import type { ApiClient } from "./trpc-client";

/**
 * Waits until the job a storage mutation just queued has succeeded, e.g.
 * `await runJob(api, api.volume.create.mutate({ host: "prod", diskGroup, name, sizeBytes }))`.
 */
export async function runJob(api: ApiClient, queued: Promise<{ id: string }>, timeoutMs?: number): Promise<void> {
  await waitForJobSuccess(api, (await queued).id, timeoutMs);
}

/** Waits until the job has succeeded (fails the test, with the job's error, otherwise). */
export async function waitForJobSuccess(api: ApiClient, id: string, timeoutMs = 60_000): Promise<void> {
  await expect
    .poll(
      async () => {
        const job = await api.job.get.query({ id });
        return job.state === "failed" || job.state === "interrupted"
          ? `${job.state}: ${job.error?.message}`
          : job.state;
      },
      { timeout: timeoutMs, intervals: [250, 500, 1000] },
    )
    .toBe("succeeded");
}
