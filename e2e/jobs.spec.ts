import { expect, test } from "@playwright/test";
import { saveScreenshot } from "./support/screenshot";
import { runJob } from "./support/storage-jobs";
import { type ApiClient, apiClient } from "./support/trpc-client";

const GiB = 1024 ** 3;

/**
 * A 1 GiB independent set production/NAME → backup/NAME, throttled to `delay` ticks (10 ms) per
 * 100 full-size I/Os (docs/instant-image.md §6.4), so a copy runs for seconds. One job at a time: a
 * disk group takes one job at once.
 */
async function enableLargeSet(api: ApiClient, name: string, delay: number) {
  const host = "prod";
  await runJob(api, api.volume.create.mutate({ host, diskGroup: "production", name, sizeBytes: GiB }));
  await runJob(api, api.volume.create.mutate({ host, diskGroup: "backup", name, sizeBytes: GiB }));
  await runJob(
    api,
    api.volume.create.mutate({
      host,
      diskGroup: "production",
      name: `${name}.bmp`,
      sizeBytes: 1,
      bitmapForMasterBytes: GiB,
    }),
  );
  await runJob(
    api,
    api.set.enable.mutate({
      host,
      type: "ind",
      master: `production/${name}`,
      shadow: `backup/${name}`,
      bitmap: `production/${name}.bmp`,
      group: null,
    }),
  );
  const target = { kind: "sets" as const, sets: [`backup/${name}`] };
  await runJob(api, api.set.params.mutate({ host, target, delay, unit: 100 }));
  return target;
}

test("a full copy started through the API shows on /jobs, and its page follows the progress to succeeded", async ({
  page,
  request,
}, testInfo) => {
  // 3 s pauses: the copy runs for several seconds, so the page polls it more than once while it moves.
  const name = `e2e${Date.now().toString(36)}`;
  const api = apiClient(request);
  const target = await enableLargeSet(api, name, 300);

  const { id: copyId } = await api.set.copy.mutate({ host: "prod", target, direction: "s" });

  await page.goto("/jobs?host=prod");
  const row = page.locator(`tr[data-job-id="${copyId}"]`);
  await expect(row.getByRole("link", { name: "set.copy" })).toBeVisible();
  await expect(row).toContainText(/queued|running/);
  await saveScreenshot(page, testInfo, "jobs");

  await row.getByRole("link", { name: "set.copy" }).click();
  await expect(page).toHaveURL(`/jobs/${copyId}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("set.copy on prod");
  const bar = page.getByRole("progressbar", { name: /Progress of set\.copy/ });
  await expect(bar).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole("region", { name: "Progress" })).toContainText(/of 1 GiB/);
  await expect(page.getByRole("region", { name: "Progress" })).toContainText(/left/);
  await expect(page.getByTestId("job-state")).toHaveText("running");
  await saveScreenshot(page, testInfo, "job-running");

  await expect(page.getByTestId("job-state")).toHaveText("succeeded", { timeout: 60_000 });
  await expect(bar).toHaveAttribute("aria-valuenow", "100");
  await expect(page.getByRole("button", { name: "Cancel job" })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Arguments" })).toContainText(`backup/${name}`);
  await expect(page.getByRole("list", { name: "Job events" })).toBeVisible();
  await saveScreenshot(page, testInfo, "job-succeeded");
});

test("the job list keeps its filters in the URL and says when nothing matches", async ({ page }) => {
  await page.goto("/jobs");
  await page.getByLabel("State").selectOption("cancelled");
  await expect(page).toHaveURL(/\/jobs\?state=cancelled$/);
  await expect(page.getByRole("heading", { name: "No jobs match these filters" })).toBeVisible();

  await page.getByLabel("Host").selectOption("backup");
  await expect(page).toHaveURL(/\/jobs\?host=backup&state=cancelled$/);
  await page.reload();
  await expect(page.getByLabel("Host")).toHaveValue("backup");
  await expect(page.getByLabel("State")).toHaveValue("cancelled");
});

test("a running copy is cancelled from its page after confirming", async ({ page, request }) => {
  // Throttled to 10 s pauses: the copy is still running when the button is clicked.
  const name = `e2c${Date.now().toString(36)}`;
  const api = apiClient(request);
  const target = await enableLargeSet(api, name, 1000);
  const { id: copyId } = await api.set.copy.mutate({ host: "prod", target, direction: "s" });

  await page.goto(`/jobs/${copyId}`);
  await expect(page.getByTestId("job-state")).toHaveText("running", { timeout: 15_000 });
  await page.getByRole("button", { name: "Cancel job" }).click();
  const dialog = page.getByRole("dialog", { name: "Cancel set.copy on prod?" });
  await expect(dialog).toContainText("stops at a chunk boundary");
  await expect(dialog).toContainText("copy not active");
  await dialog.getByRole("button", { name: "Cancel job" }).click();
  await expect(page.getByTestId("job-state")).toHaveText("cancelled", { timeout: 60_000 });
});
