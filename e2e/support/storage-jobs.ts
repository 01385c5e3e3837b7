// Storage jobs queued through the API for a test's setup, and waiting for them to end.
import { expect } from "@playwright/test";
import type { inferRouterInputs } from "@trpc/server";
import type { AppRouter } from "../../server/trpc/root";
import type { ApiClient } from "./trpc-client";

type EnableInput = inferRouterInputs<AppRouter>["set"]["enable"];

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

/** The host's stored inventory; fails the test when its agent has not reported one yet. */
export async function hostInventory(api: ApiClient, host: string) {
  const { inventory } = await api.host.get.query({ name: host });
  expect(inventory, `${host}'s agent has reported its inventory`).not.toBeNull();
  return inventory!;
}

/**
 * Enables the set unless the host already has one on `shadowPath`: the specs share one cluster,
 * and a retried test finds the set its first attempt made.
 */
export async function ensureSetEnabled(api: ApiClient, input: EnableInput, shadowPath: string): Promise<void> {
  if ((await hostInventory(api, input.host)).sets.some((s) => s.shadow === shadowPath)) return;
  await runJob(api, api.set.enable.mutate(input));
}
