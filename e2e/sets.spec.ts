// Volume sets pages against the real console and agents. Everything here happens in this spec's
// own disk groups on prod (e2e-sets-prod for masters and bitmaps, e2e-sets-shadow for shadows),
// created through the API, so the demo groups other specs rely on are never touched.
import { expect, type Page, test } from "@playwright/test";
import { saveScreenshot } from "./support/screenshot";
import { runJob, ensureSetEnabled, hostInventory } from "./support/storage-jobs";
import { type ApiClient, apiClient } from "./support/trpc-client";

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const PROD_DG = "e2e-sets-prod";
const SHADOW_DG = "e2e-sets-shadow";
const GROUP = "e2esets";

const inventory = (api: ApiClient) => hostInventory(api, "prod");

/**
 * The spec's volumes, created once per cluster (a retry finds them): a 1 GiB sparse master, so the
 * enable's full copy runs long enough to be seen over several polls, with its bitmap; a bitmap
 * sized for a 64 MiB master (too small for it); a 1 GiB shadow and a 64 MiB one (too small).
 */
async function ensureVolumes(api: ApiClient) {
  const wanted: [string, string, number, number | null][] = [
    [PROD_DG, "m1", GiB, null],
    [PROD_DG, "m1.bmp", 1, GiB],
    [PROD_DG, "tiny.bmp", 1, 64 * MiB],
    [SHADOW_DG, "s1", GiB, null],
    [SHADOW_DG, "small", 64 * MiB, null],
  ];
  let inv = await inventory(api);
  for (const dg of [PROD_DG, SHADOW_DG]) {
    if (!inv.diskGroups.some((g) => g.name === dg))
      await runJob(api, api.diskGroup.create.mutate({ host: "prod", diskGroup: dg }));
  }
  inv = await inventory(api);
  for (const [dg, name, sizeBytes, bitmapForMasterBytes] of wanted) {
    if (inv.diskGroups.find((g) => g.name === dg)?.volumes.some((v) => v.name === name)) continue;
    await runJob(api, api.volume.create.mutate({ host: "prod", diskGroup: dg, name, sizeBytes, bitmapForMasterBytes }));
  }
}

async function shadowPath(api: ApiClient): Promise<string> {
  const path = (await inventory(api)).diskGroups
    .find((g) => g.name === SHADOW_DG)
    ?.volumes.find((v) => v.name === "s1")?.path;
  expect(path).toBeDefined();
  return path!;
}

async function jobCount(api: ApiClient): Promise<number> {
  return (await api.job.list.query({ host: "prod", limit: 500 })).length;
}

async function followedJob(page: Page, label: RegExp) {
  const item = page
    .getByRole("list", { name: "Jobs started from this page" })
    .getByRole("listitem")
    .filter({ hasText: label });
  await expect(item).toBeVisible();
  return item;
}

test.describe.configure({ mode: "serial" });

test("the enable form shows errors for a too-small bitmap, a too-small shadow and the same volume twice, and sends nothing", async ({
  page,
  request,
}, testInfo) => {
  const api = apiClient(request);
  await ensureVolumes(api);
  const before = await jobCount(api);

  await page.goto("/sets/enable?host=prod");
  const form = page.getByRole("form", { name: "Enable a set" });
  await form.getByLabel("Master", { exact: true }).selectOption(`${PROD_DG}/m1`);
  await form.getByLabel("Shadow", { exact: true }).selectOption(`${SHADOW_DG}/small`);
  await form.getByLabel("Bitmap", { exact: true }).selectOption(`${PROD_DG}/tiny.bmp`);

  await expect(form).toContainText(
    "Shadow is 64 MiB, smaller than the master (1 GiB): an independent shadow must be at least as large",
  );
  await expect(form).toContainText(/Bitmap is 24 KiB; a set with a 1 GiB master needs at least 32 KiB/);
  await expect(form.getByLabel("Shadow", { exact: true })).toHaveAttribute("aria-invalid", "true");
  const enable = form.getByRole("button", { name: "Enable set" });
  await expect(enable).toBeDisabled();
  await saveScreenshot(page, testInfo, "set-enable-errors");

  await form.getByLabel("Shadow", { exact: true }).selectOption(`${PROD_DG}/m1`);
  await expect(form).toContainText("Shadow is the same volume as the master");
  await expect(enable).toBeDisabled();

  // A compact dependent shadow is allowed, but the bitmap then needs room for the index too.
  await form.getByLabel("Dependent (reads unchanged chunks from the master)").check();
  await form.getByLabel("Shadow", { exact: true }).selectOption(`${SHADOW_DG}/small`);
  await expect(form).toContainText("a compact dependent set");
  await expect(form).toContainText(/Bitmap is 24 KiB; a compact dependent set with a 1 GiB master needs at least/);
  await expect(enable).toBeDisabled();

  expect(await jobCount(api)).toBe(before);
  expect((await inventory(api)).sets.some((s) => s.shadow.includes(SHADOW_DG))).toBe(false);
});

test("a valid independent enable from the form runs, and the page follows its copy to the end", async ({
  page,
  request,
}) => {
  const api = apiClient(request);
  await ensureVolumes(api);
  const shadow = await shadowPath(api);
  // A retry finds the set from the first attempt: start again from no set.
  if ((await inventory(api)).sets.some((s) => s.shadow === shadow)) {
    await runJob(api, api.set.disable.mutate({ host: "prod", target: { kind: "sets", sets: [shadow] } }));
  }

  await page.goto("/sets/enable?host=prod");
  const form = page.getByRole("form", { name: "Enable a set" });
  await form.getByLabel("Master", { exact: true }).selectOption(`${PROD_DG}/m1`);
  await form.getByLabel("Shadow", { exact: true }).selectOption(`${SHADOW_DG}/s1`);
  await form.getByLabel("Bitmap", { exact: true }).selectOption(`${PROD_DG}/m1.bmp`);
  await form.getByLabel("I/O group").fill(GROUP);
  await expect(form.getByRole("status")).toHaveText("Ready to enable.");
  await form.getByRole("button", { name: "Enable set" }).click();

  const dialog = page.getByRole("dialog", { name: "Enable an independent set on prod?" });
  await expect(dialog).toContainText("a full copy of the master (1 GiB) starts at once");
  await dialog.getByRole("button", { name: "Enable" }).click();
  await expect(dialog).toBeHidden();

  const job = await followedJob(page, /Enable of e2e-sets-shadow\/s1/);
  const bar = job.getByRole("progressbar");
  await expect(bar).toBeVisible({ timeout: 20_000 });
  // A sparse 1 GiB copy can end within one poll here, so "running" is not awaited; e2e/jobs.spec.ts
  // follows a throttled copy through its running phase.
  await expect(job).toContainText(/of 1 GiB/);
  await expect(job.getByTestId("followed-job-state")).toHaveText("succeeded", { timeout: 60_000 });
  await expect(bar).toHaveAttribute("aria-valuenow", "100");
  // The form cleared itself for the next set.
  await expect(form.getByLabel("Master", { exact: true })).toHaveValue("");
});

test("the list, a set's page and its group page; update to shadow; full copy to master needs the set name typed; disable", async ({
  page,
  request,
}, testInfo) => {
  const api = apiClient(request);
  const shadow = await shadowPath(api);
  await ensureVolumes(api);
  await ensureSetEnabled(
    api,
    {
      host: "prod",
      type: "ind",
      master: `${PROD_DG}/m1`,
      shadow: `${SHADOW_DG}/s1`,
      bitmap: `${PROD_DG}/m1.bmp`,
      group: GROUP,
    },
    shadow,
  );

  await page.goto(`/sets?host=prod&group=${GROUP}`);
  await expect(page.getByLabel("I/O group", { exact: true })).toHaveValue(GROUP);
  const row = page.locator(`tr[data-set="${shadow}"]`);
  await expect(row).toContainText("independent");
  await expect(row).toContainText("ready");
  await expect(row.getByRole("meter")).toBeVisible();
  await saveScreenshot(page, testInfo, "sets");

  await page.getByRole("link", { name: GROUP }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`I/O group ${GROUP}`);
  await expect(page.getByRole("table", { name: `Sets in I/O group ${GROUP}` })).toContainText(shadow);
  await saveScreenshot(page, testInfo, "set-group");

  await page.getByRole("link", { name: shadow }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(shadow);
  await expect(page.getByRole("list", { name: "Set state" })).toContainText("independent");
  await expect(page.getByRole("region", { name: "Details" })).toContainText("1 GiB (2097152 blocks)");
  await expect(page.getByRole("region", { name: "Volumes" })).toContainText(`${PROD_DG}/m1.bmp`);
  await expect(page.getByRole("region", { name: "As iiadm -i prints it" })).toContainText("Independent copy");
  await saveScreenshot(page, testInfo, "set-detail");

  await page.getByRole("button", { name: "Update to shadow" }).click();
  const update = page.getByRole("dialog", { name: `Update the shadow of set ${shadow}?` });
  await expect(update).toContainText("A new point in time is taken now on prod");
  await update.getByRole("button", { name: "Update shadow" }).click();
  const updateJob = await followedJob(page, /Update of set .* to shadow/);
  await expect(updateJob.getByTestId("followed-job-state")).toHaveText("succeeded", { timeout: 60_000 });

  await page.getByRole("button", { name: "Full copy to master" }).click();
  const toMaster = page.getByRole("dialog", { name: `Overwrite all of the master from the shadow of set ${shadow}?` });
  await expect(toMaster).toContainText("Every chunk (1 GiB) of the master is overwritten");
  const overwrite = toMaster.getByRole("button", { name: "Overwrite master" });
  await expect(overwrite).toBeDisabled();
  await toMaster.getByLabel(/Type .* to confirm/).fill("s1");
  await expect(overwrite).toBeDisabled();
  await toMaster.getByLabel(/Type .* to confirm/).fill(shadow);
  await overwrite.click();
  const copyJob = await followedJob(page, /Full copy of set .* to master/);
  await expect(copyJob.getByTestId("followed-job-state")).toHaveText("succeeded", { timeout: 90_000 });
  await expect(copyJob.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");

  await page.getByRole("button", { name: "Disable set" }).click();
  const disable = page.getByRole("dialog", { name: `Disable set ${shadow}?` });
  await expect(disable).toContainText("keeps its data as an ordinary volume");
  await disable.getByRole("button", { name: "Disable" }).click();
  await expect(page.getByRole("heading", { name: `Set ${shadow} is disabled` })).toBeVisible({ timeout: 60_000 });

  await page.goto("/sets?host=prod");
  await expect(page.locator(`tr[data-set="${shadow}"]`)).toHaveCount(0);
});
