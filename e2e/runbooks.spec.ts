// The runbook UI (issue 6) against the real console and the real prod and backup agents: a
// runbook created through the form, with a placement problem shown live and fixed, run from its
// page, followed on the run page to the end, and its archive found in the set's lineage.
//
// The runbook works on disk groups of its own (created here through the API, docs/architecture.md §10 rule 10)
// rather than the demo SAN's production/backup: other specs deport, import and fill those, and a
// snapshot disk group must hold the group's shadows and secondary bitmaps and nothing else.
import { expect, test } from "@playwright/test";
import { runbookStepSequence } from "../lib/runbook-steps";
import { setHref } from "../lib/set-route";
import { sanDir } from "./support/admin-credentials";
import { saveScreenshot } from "./support/screenshot";
import { runJob } from "./support/storage-jobs";
import { apiClient } from "./support/trpc-client";

// A browser far from the console's time zone: the schedule preview must still show the
// console's clock, where the schedule fires (the console runs on this machine, in its zone).
const consoleZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
test.use({ timezoneId: consoleZone === "Pacific/Kiritimati" ? "Pacific/Pago_Pago" : "Pacific/Kiritimati" });

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
const MiB = 1 << 20;

test("a runbook made in the form runs to the end, and its archive shows in the set's lineage", async ({ page }) => {
  // A whole run: ten steps, each one or more jobs on an agent.
  test.setTimeout(300_000);
  const id = unique();
  const prodDg = `rbp${id}`;
  const snapDg = `rbs${id}`;
  const name = `e2e-${id}`;
  const group = `RB${id}`;
  const api = apiClient(page.request);
  for (const diskGroup of [prodDg, snapDg]) await runJob(api, api.diskGroup.create.mutate({ host: "prod", diskGroup }));
  for (const [diskGroup, name, sizeBytes, bitmapForMasterBytes] of [
    [prodDg, "m1", 8 * MiB, null],
    [prodDg, "m1.bmp", 1, 8 * MiB],
    [snapDg, "s1", 8 * MiB, null],
    [snapDg, "s1.bmp", 1, 8 * MiB],
  ] as const)
    await runJob(api, api.volume.create.mutate({ host: "prod", diskGroup, name, sizeBytes, bitmapForMasterBytes }));

  await page.goto("/runbooks");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Runbooks" }).click();
  await page.getByRole("link", { name: "New runbook" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "New runbook" })).toBeVisible();
  const form = page.getByRole("form", { name: "Runbook" });

  // Errors show under their field as the operator types, before anything is sent.
  await form.getByLabel("Name", { exact: true }).fill("no spaces allowed");
  await expect(form.getByText("runbook name: letters, digits, . _ - (max 63)")).toBeVisible();
  await form.getByLabel("Name", { exact: true }).fill(name);
  await expect(form.getByText("runbook name: letters, digits, . _ - (max 63)")).toHaveCount(0);
  await form.getByLabel("Production host", { exact: true }).selectOption("prod");
  await form.getByLabel("Backup host", { exact: true }).selectOption("backup");
  await form.getByLabel("I/O group", { exact: true }).fill(group);
  // The snapshot disk group offered are the ones prod sees; the wrong one first.
  await form.getByLabel("Snapshot disk group", { exact: true }).selectOption(prodDg);
  await form.getByLabel("Quiesce hook", { exact: true }).selectOption("demo-quiesce");
  await form.getByLabel("Resume hook", { exact: true }).selectOption("demo-resume");
  await form.getByLabel("Archive directory", { exact: true }).fill(name);
  await form.getByLabel("Archives to keep", { exact: true }).fill("2");
  await form.getByLabel("Schedule (cron)", { exact: true }).fill("0 3 * * *");
  const hint = form.getByText(/^next: /);
  await expect(hint).toContainText(`(console time, ${consoleZone})`);
  await expect(hint).toContainText(/\b0?3:00\b/);
  await form.getByLabel("Schedule (cron)", { exact: true }).fill("");
  await form.getByRole("button", { name: "Add a set" }).click();
  await form.getByLabel("Master 1", { exact: true }).fill(`${prodDg}/m1`);
  await form.getByLabel("Shadow 1", { exact: true }).fill(`${snapDg}/s1`);
  await form.getByLabel("Bitmap 1", { exact: true }).fill(`${prodDg}/m1.bmp`);

  // The live placement check names the problem: the shadow is not in the group that travels.
  const problems = page.getByRole("list", { name: "Placement problems" });
  await expect(problems).toContainText(`shadow ${sanDir()}/${snapDg}/s1 is not in snapshot disk group ${prodDg}`);
  await expect(page.getByTestId("placement-ok")).toHaveCount(0);
  await form.getByLabel("Snapshot disk group", { exact: true }).selectOption(snapDg);
  await expect(page.getByTestId("placement-ok")).toBeVisible();
  await expect(problems).toHaveCount(0);
  await expect(page.getByRole("table", { name: "Sets the run would drive" })).toContainText(`${snapDg}/s1.bmp`);
  const yaml = page.getByLabel("Runbook YAML");
  await expect(yaml).toContainText(`name: ${name}`);
  await expect(yaml).toContainText(`snapshotDiskGroup: ${snapDg}`);
  await expect(yaml).toContainText(`- { master: ${prodDg}/m1, shadow: ${snapDg}/s1, bitmap: ${prodDg}/m1.bmp }`);
  await saveScreenshot(page, test.info(), "runbook-form");

  await form.getByRole("button", { name: "Create runbook" }).click();
  await expect(page).toHaveURL(new RegExp(`/runbooks/book/${name}$`));
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByRole("region", { name: "Run history" })).toContainText("No runs yet");

  await page.getByRole("button", { name: "Run now" }).click();
  const dialog = page.getByRole("dialog", { name: `Run ${name} now?` });
  await expect(dialog).toContainText("Export and deport");
  await dialog.getByRole("button", { name: "Run now" }).click();
  await expect(page).toHaveURL(/\/runbooks\/runs\/[^/]+$/);
  const runUrl = page.url();

  // The timeline, polled every second, goes through every step to the end.
  const steps = page.getByRole("list", { name: "Steps" });
  await expect(steps.locator('[data-step="quiesce"]')).toContainText("on prod");
  await expect(page.getByTestId("run-state")).toHaveText("succeeded", { timeout: 240_000 });
  const sequence = runbookStepSequence({ quiesceHook: "demo-quiesce", resyncAfterJoin: true });
  for (const key of sequence)
    await expect(steps.locator(`[data-step="${key}"] [data-testid="step-state"]`).first()).toHaveText("succeeded");
  await expect(steps.locator('[data-step="import"]')).toContainText("on backup");
  await expect(steps.locator('[data-step="backup"]')).toContainText(`archive 1 shadow(s) to ${name}/`);
  await expect(steps.locator('[data-step="backup"]').getByRole("link", { name: "archive.create job" })).toHaveAttribute(
    "href",
    /^\/jobs\/.+/,
  );
  // Custody: prod → nobody → backup → nobody → prod; never two holders.
  const custody = page.getByRole("table", { name: `Holders of disk group ${snapDg}, oldest first` });
  await expect(custody.locator("tbody tr")).toHaveCount(5);
  expect(
    await custody.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-holder"))),
  ).toEqual(["prod", "nobody", "backup", "nobody", "prod"]);
  await expect(page.getByTestId("run-frozen")).toHaveText(/^\d+\.\d s$/);
  await expect(page.getByRole("region", { name: "Summary" })).toContainText(
    /Point in time\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/,
  );
  await expect(page.getByTestId("rejoin-gate")).toContainText("the master's data wins");
  await expect(page.getByTestId("rejoin-gate")).toContainText("0 chunks on backup");
  await expect(page.getByRole("button", { name: "Cancel run" })).toHaveCount(0);
  await saveScreenshot(page, test.info(), "runbook-run");

  // The runbook page: history with the run's duration and freeze time, and the trends.
  await page.getByRole("link", { name }).first().click();
  const history = page.getByRole("table", { name: "Runs, newest first" });
  await expect(history.locator("tbody tr")).toHaveCount(1);
  await expect(history.locator("tbody tr").first()).toContainText("succeeded");
  await expect(page.getByRole("img", { name: /Duration per run/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /Freeze time per run/ })).toHaveAccessibleName(/succeeded: \d+\.\d s/);

  await page.goto("/runbooks");
  const row = page.locator(`tr[data-runbook="${name}"]`);
  await expect(row).toContainText(group);
  await expect(row).toContainText(snapDg);
  await expect(row).toContainText("succeeded");
  await saveScreenshot(page, test.info(), "runbooks");

  // The set's page lists the archive that holds its point in time, linking to the run.
  const shadow = `${sanDir()}/${snapDg}/s1`;
  await page.goto(setHref("prod", shadow));
  const archives = page.getByRole("table", { name: `Archives holding points in time of ${shadow}, newest first` });
  await expect(archives.locator("tbody tr")).toHaveCount(1);
  await expect(archives).toContainText(`${name}/${name}-`);
  await archives.getByRole("link", { name: "run", exact: true }).click();
  await expect(page).toHaveURL(runUrl);

  // A run the start check refuses: the refusal is shown as the console wrote it, and nothing starts.
  await runJob(api, api.volume.create.mutate({ host: "prod", diskGroup: snapDg, name: "stray", sizeBytes: MiB }));
  const { spec } = await api.runbook.get.query({ name });
  await expect
    .poll(async () => (await api.runbook.check.query({ spec })).problems.join("\n"), { timeout: 20_000 })
    .toContain(`snapshotDiskGroup: ${snapDg}/stray is neither a shadow of group ${group}`);
  await page.goto("/runbooks");
  await page.getByRole("link", { name, exact: true }).click();
  await page.getByRole("button", { name: "Run now" }).click();
  const refused = page.getByRole("dialog", { name: `Run ${name} now?` });
  await refused.getByRole("button", { name: "Run now" }).click();
  await expect(refused.getByRole("alert")).toContainText(
    `runbook ${name} cannot run: snapshotDiskGroup: ${snapDg}/stray is neither a shadow of group ${group}`,
  );
  await refused.getByRole("button", { name: "Cancel" }).click();
  expect(await api.runbook.runs.query({ runbook: name })).toHaveLength(1);
});

test("deleting a runbook asks for its name, then it is gone from the list and its name is free again", async ({
  page,
}) => {
  const name = `e2e-del-${unique()}`;
  const spec = {
    name,
    group: "DeleteMe",
    productionHost: "prod",
    backupHost: "backup",
    snapshotDiskGroup: "backup",
    backup: { kind: "archive", targetDir: name },
  };
  const api = apiClient(page.request);
  await api.runbook.save.mutate({ spec });

  await page.goto("/runbooks");
  await page.getByRole("link", { name, exact: true }).click();
  await page.getByRole("button", { name: "Delete runbook" }).click();
  const dialog = page.getByRole("dialog", { name: `Delete runbook ${name}?` });
  await expect(dialog).toContainText("It has no runs.");
  const confirm = dialog.getByRole("button", { name: "Delete runbook" });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(`Type ${name} to confirm`).fill(name);
  await confirm.click();
  await expect(page).toHaveURL(/\/runbooks$/);
  await expect(page.getByRole("heading", { level: 1, name: "Runbooks" })).toBeVisible();
  await expect(page.locator(`tr[data-runbook="${name}"]`)).toHaveCount(0);
  const again = await api.runbook.save.mutate({ spec });
  expect(again).toMatchObject({ name, created: true });
});

test.describe("as a viewer", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("a viewer sees runbooks and their runs but no Run now, Edit or New runbook", async ({ page }) => {
    const name = `e2e-view-${unique()}`;
    const api = apiClient(page.request);
    await api.runbook.save.mutate({
      spec: {
        name,
        group: "ViewOnly",
        productionHost: "prod",
        backupHost: "backup",
        snapshotDiskGroup: "backup",
        backup: { kind: "archive", targetDir: name },
      },
    });
    const viewer = { username: `rb-viewer-${unique()}`, password: "viewer-password-e2e-1" };
    await api.auth.users.create.mutate({ ...viewer, role: "viewer" });
    await page.goto("/sign-in");
    await page.getByLabel("Username").fill(viewer.username);
    await page.getByLabel("Password").fill(viewer.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Runbooks" })).toBeVisible();

    await page.goto("/runbooks");
    await expect(page.locator(`tr[data-runbook="${name}"]`)).toContainText("never run");
    await expect(page.getByRole("link", { name: "New runbook" })).toHaveCount(0);
    await page.getByRole("link", { name, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(page.getByLabel("Runbook YAML")).toContainText(`name: ${name}`);
    await expect(page.getByRole("button", { name: "Run now" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Edit" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Delete runbook" })).toHaveCount(0);
  });
});
