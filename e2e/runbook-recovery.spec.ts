// Runbook runs that do not simply succeed (issue 6), from the browser against the real console and
// the real prod and backup agents: a run that fails at the backup shows the failed step, host and
// error on its timeline, the runbook cannot be deleted while that run holds the snapshot disk group
// on the backup host, and once the cause is removed Resume finishes the run; a run that stops at the
// rejoin gate shows the chunk count and goes on when approved; a run cancelled at the gate ends
// cancelled with the resume hook run long before, and its disk group where the release left it,
// until "Bring shadows home" rejoins its shadow on the production host; a backup host lost while it
// holds the snapshot disk group is done without ("Bring home without backup"), once it is offline.
//
// Each test makes its runbook through the API on disk groups of its own (as e2e/runbooks.spec.ts
// does). The failure is a real one an operator meets: the archive directory on the backup host is
// taken by a file, so the archive cannot be written. Removing that file is the fix; re-saving the
// runbook would not be, because a run keeps the spec it started with.
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { runbookHref } from "../lib/runbook-route";
import { sanDir } from "./support/admin-credentials";
import { killAgent, startAgent } from "./support/agent-control";
import { runJob } from "./support/storage-jobs";
import { type ApiClient, apiClient } from "./support/trpc-client";

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
const MiB = 1 << 20;
// A whole run is ten steps, each one or more jobs on an agent.
const RUN_MS = 180_000;

/** A runbook with one set on disk groups of its own, saved through the API; its names. */
async function makeRunbook(api: ApiClient, changes: Record<string, unknown> = {}) {
  const id = unique();
  const names = { name: `e2e-rec-${id}`, prodDg: `rrp${id}`, snapDg: `rrs${id}`, group: `RR${id}` };
  for (const diskGroup of [names.prodDg, names.snapDg])
    await runJob(api, api.diskGroup.create.mutate({ host: "prod", diskGroup }));
  for (const [diskGroup, name, sizeBytes, bitmapForMasterBytes] of [
    [names.prodDg, "m1", 8 * MiB, null],
    [names.prodDg, "m1.bmp", 1, 8 * MiB],
    [names.snapDg, "s1", 8 * MiB, null],
    [names.snapDg, "s1.bmp", 1, 8 * MiB],
  ] as const)
    await runJob(api, api.volume.create.mutate({ host: "prod", diskGroup, name, sizeBytes, bitmapForMasterBytes }));
  await api.runbook.save.mutate({
    spec: {
      name: names.name,
      group: names.group,
      productionHost: "prod",
      backupHost: "backup",
      snapshotDiskGroup: names.snapDg,
      quiesceHook: "demo-quiesce",
      resumeHook: "demo-resume",
      backup: { kind: "archive", targetDir: names.name },
      sets: [{ master: `${names.prodDg}/m1`, shadow: `${names.snapDg}/s1`, bitmap: `${names.prodDg}/m1.bmp` }],
      ...changes,
    },
  });
  return names;
}

/** Run now from the runbook's page; leaves the page on the new run's page. */
async function runNow(page: Page, name: string): Promise<void> {
  await page.goto(runbookHref(name));
  await page.getByRole("button", { name: "Run now" }).click();
  await page
    .getByRole("dialog", { name: `Run ${name} now?` })
    .getByRole("button", { name: "Run now" })
    .click();
  await expect(page).toHaveURL(/\/runbooks\/runs\/[^/]+$/);
}

const holders = (page: Page, snapDg: string) =>
  page
    .getByRole("table", { name: `Holders of disk group ${snapDg}, oldest first` })
    .locator("tbody tr")
    .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-holder")));
const stepStates = (page: Page, key: string) =>
  page.getByRole("list", { name: "Steps" }).locator(`[data-step="${key}"] [data-testid="step-state"]`);

test("a run that fails at the backup shows step, host and error, keeps its runbook from being deleted, and Resume finishes it once the cause is gone", async ({
  page,
}) => {
  test.setTimeout(2 * RUN_MS);
  const { name, snapDg } = await makeRunbook(apiClient(page.request));
  // The backup agent's first archive root is <data dir>/archives (scripts/demo/agent-config.ts), beside the SAN.
  const blocker = path.join(path.dirname(sanDir()), "archives", name);
  await writeFile(blocker, "a file where the archive directory should be\n");

  await runNow(page, name);
  const runUrl = page.url();
  await expect(page.getByTestId("run-state")).toHaveText("failed", { timeout: RUN_MS });
  const why = page.getByRole("region", { name: "Why the run stopped" });
  await expect(why.getByTestId("run-error")).toContainText("Backup (backup)");
  await expect(why.getByTestId("run-error").getByRole("link", { name: "backup", exact: true })).toHaveAttribute(
    "href",
    "/hosts/backup",
  );
  await expect(why.getByRole("alert")).toContainText(`archive 1 shadow(s) to ${name}/`);
  await expect(why.getByRole("alert")).toContainText(blocker);
  // The timeline: everything up to the import done, the backup failed with the same error, the rest not reached.
  for (const key of ["prepare", "quiesce", "update", "resume", "export", "import"])
    await expect(stepStates(page, key)).toHaveText("succeeded");
  const backup = page.getByRole("list", { name: "Steps" }).locator('[data-step="backup"]');
  await expect(backup).toContainText("on backup");
  await expect(stepStates(page, "backup")).toHaveText("failed");
  await expect(backup.getByRole("list", { name: "Log of Backup" })).toContainText(blocker);
  for (const key of ["release", "rejoin", "resync"]) await expect(stepStates(page, key)).toHaveText("not reached");
  // The backup host holds the snapshot disk group now; only this run can bring it back.
  await expect(page.getByRole("region", { name: "Custody of the snapshot disk group" })).toContainText(
    `${snapDg} is held by backup`,
  );
  expect(await holders(page, snapDg)).toEqual(["prod", "nobody", "backup"]);

  // So the runbook cannot be deleted: the console names the run and says what to do.
  const runId = runUrl.split("/").pop()!;
  await page.goto(runbookHref(name));
  await page.getByRole("button", { name: "Delete runbook" }).click();
  const del = page.getByRole("dialog", { name: `Delete runbook ${name}?` });
  await del.getByLabel(`Type ${name} to confirm`).fill(name);
  await del.getByRole("button", { name: "Delete runbook" }).click();
  await expect(del.getByRole("alert")).toHaveText(
    `runbook ${name} has run ${runId} that failed at step backup and can still be resumed; snapshot disk group ${snapDg} is held by host backup, ` +
      `not production host prod: resume it to the end, or cancel it to abandon it (pitcrew runbook cancel ${runId}), before deleting the runbook`,
  );
  await del.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

  // The operator removes the cause and resumes from the run page.
  await rm(blocker);
  await page.goto(runUrl);
  await page.getByRole("button", { name: "Resume" }).click();
  const resume = page.getByRole("dialog", { name: `Resume the run of ${name}?` });
  await expect(resume).toContainText(
    "It failed at Backup. Resume once the cause is fixed: the run starts again at Backup.",
  );
  await resume.getByRole("button", { name: "Resume" }).click();
  await expect(page.getByTestId("run-state")).toHaveText("succeeded", { timeout: RUN_MS });
  await expect(page.getByRole("region", { name: "Why the run stopped" })).toHaveCount(0);
  await expect(stepStates(page, "backup")).toHaveText(["failed", "succeeded"]);
  await expect(backup).toContainText("attempt 2");
  for (const key of ["release", "rejoin", "resync"]) await expect(stepStates(page, key)).toHaveText("succeeded");
  expect(await holders(page, snapDg)).toEqual(["prod", "nobody", "backup", "nobody", "prod"]);
  await expect(page.getByRole("region", { name: "Archives" })).toContainText(`${name}/${name}-`);
  await expect(page.getByRole("button", { name: "Resume" })).toHaveCount(0);
});

test("a run stopped at the rejoin gate shows what the backup host wrote, and Approve rejoin lets it finish", async ({
  page,
}) => {
  test.setTimeout(RUN_MS + 60_000);
  const { name, snapDg } = await makeRunbook(apiClient(page.request), { approveRejoin: true });

  await runNow(page, name);
  await expect(page.getByTestId("run-state")).toHaveText("awaiting approval", { timeout: RUN_MS });
  const gate = page.getByRole("region", { name: "Rejoin gate" });
  await expect(gate).toContainText("The backup host wrote nothing to the shadows (0 chunks on backup).");
  await expect(gate).toContainText("the master's data wins");
  await expect(gate).toContainText("The run waits here for an operator's approval.");
  await expect(stepStates(page, "release")).toHaveText("succeeded");
  await expect(stepStates(page, "rejoin")).toHaveText("pending");
  expect(await holders(page, snapDg)).toEqual(["prod", "nobody", "backup", "nobody"]);

  await gate.getByRole("button", { name: "Approve rejoin" }).click();
  const approve = page.getByRole("dialog", { name: "Approve the rejoin?" });
  await expect(approve).toContainText(
    `prod imports ${snapDg}, joins each shadow with its secondary bitmap and updates: the master's data wins.`,
  );
  await approve.getByRole("button", { name: "Approve rejoin" }).click();
  await expect(page.getByTestId("run-state")).toHaveText("succeeded", { timeout: RUN_MS });
  await expect(gate).toContainText(/Approved by admin at \d{4}-\d\d-\d\d/);
  await expect(gate.getByRole("button", { name: "Approve rejoin" })).toHaveCount(0);
  for (const key of ["rejoin", "resync"]) await expect(stepStates(page, key)).toHaveText("succeeded");
  expect(await holders(page, snapDg)).toEqual(["prod", "nobody", "backup", "nobody", "prod"]);
});

test("cancelling a run at the rejoin gate ends it cancelled, after the resume hook ran, with the disk group where the release left it, until Bring shadows home", async ({
  page,
}) => {
  test.setTimeout(RUN_MS + 120_000);
  const { name, snapDg } = await makeRunbook(apiClient(page.request), { approveRejoin: true });

  await runNow(page, name);
  await expect(page.getByTestId("run-state")).toHaveText("awaiting approval", { timeout: RUN_MS });
  await page.getByRole("button", { name: "Cancel run" }).click();
  const cancel = page.getByRole("dialog", { name: `Cancel the run of ${name}?` });
  const confirm = cancel.getByRole("button", { name: "Cancel run" });
  await expect(confirm).toBeDisabled();
  await cancel.getByLabel(`Type ${name} to confirm`).fill(name);
  await confirm.click();

  await expect(page.getByTestId("run-state")).toHaveText("cancelled", { timeout: 60_000 });
  await expect(page.getByRole("region", { name: "Error" }).getByRole("alert")).toContainText(
    "cancelled by an operator",
  );
  // The application was thawed by the resume hook right after the point in time, before the backup.
  const resume = page.getByRole("list", { name: "Steps" }).locator('[data-step="resume"]');
  await expect(stepStates(page, "resume")).toHaveText("succeeded");
  await resume.getByText(/^Log \(/).click();
  await expect(resume.getByRole("list", { name: "Log of Resume" })).toContainText("resume (hook demo-resume): done");
  await expect(page.getByTestId("run-frozen")).toHaveText(/^\d+\.\d s$/);
  for (const key of ["rejoin", "resync"]) await expect(stepStates(page, key)).toHaveText("not reached");
  // The release deported the disk group; a cancelled run leaves it there (nobody holds it).
  await expect(page.getByRole("region", { name: "Custody of the snapshot disk group" })).toContainText(
    `${snapDg} is deported (held by nobody)`,
  );
  expect(await holders(page, snapDg)).toEqual(["prod", "nobody", "backup", "nobody"]);
  await expect(page.getByRole("button", { name: "Resume" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Cancel run|Abandon run/ })).toHaveCount(0);
  await expect(
    page.getByRole("region", { name: "Rejoin gate" }).getByRole("button", { name: "Approve rejoin" }),
  ).toHaveCount(0);

  // Its shadow is still exported, which stops the next run, until "Bring shadows home" rejoins it on prod.
  const runUrl = page.url();
  await page.goto("/runbooks");
  const listed = page.getByRole("row").filter({ hasText: name });
  await expect(listed.getByRole("list", { name: "Needs attention" })).toContainText("shadows away");
  await page.goto(`${runbookHref(name)}/edit`);
  await expect(page.getByRole("list", { name: "Placement problems" })).toContainText(
    "is exported; an earlier run did not rejoin it",
    { timeout: 30_000 },
  );
  await page.goto(runUrl);
  await page.getByRole("button", { name: "Bring shadows home" }).click();
  const home = page.getByRole("dialog", { name: `Bring the shadows of ${name} home?` });
  await expect(home).toContainText(`join each shadow with its secondary bitmap`);
  await home.getByRole("button", { name: "Bring shadows home" }).click();
  await expect(page.getByTestId("run-rejoin")).toHaveText("shadows brought home", { timeout: 60_000 });
  await expect(page.getByTestId("run-state")).toHaveText("cancelled");
  await expect(stepStates(page, "rejoin")).toHaveText("succeeded");
  expect(await holders(page, snapDg)).toEqual(["prod", "nobody", "backup", "nobody", "prod"]);
  await expect(page.getByRole("button", { name: "Bring shadows home" })).toHaveCount(0);
  // The set is whole again on prod: a run could start now.
  await page.goto(`${runbookHref(name)}/edit`);
  await expect(page.getByTestId("placement-ok")).toBeVisible({ timeout: 30_000 });
  await page.goto("/runbooks");
  await expect(listed).toBeVisible();
  await expect(listed.getByRole("list", { name: "Needs attention" })).toHaveCount(0);
});

test("a backup host lost while it holds the snapshot disk group: once it is offline, Bring home without it takes the disk group over", async ({
  page,
}) => {
  test.setTimeout(RUN_MS + 180_000);
  const api = apiClient(page.request);
  const { name, snapDg } = await makeRunbook(api);
  const blocker = path.join(path.dirname(sanDir()), "archives", name);
  await writeFile(blocker, "a file where the archive directory should be\n");
  await runNow(page, name);
  await expect(page.getByTestId("run-state")).toHaveText("failed", { timeout: RUN_MS });
  await rm(blocker);
  expect(await holders(page, snapDg)).toEqual(["prod", "nobody", "backup"]);
  await page.getByRole("button", { name: "Abandon run" }).click();
  const abandon = page.getByRole("dialog", { name: `Abandon the failed run of ${name}?` });
  await abandon.getByLabel(`Type ${name} to confirm`).fill(name);
  await abandon.getByRole("button", { name: "Abandon run" }).click();
  await expect(page.getByTestId("run-state")).toHaveText("cancelled", { timeout: 60_000 });
  // While the backup host answers, only the ordinary way home is offered: it must release first.
  await expect(page.getByRole("button", { name: "Bring shadows home" })).toBeVisible();
  const takeOver = page.getByRole("button", { name: "Bring home without backup" });
  await expect(takeOver).toHaveCount(0);

  await killAgent(page.request, "backup");
  try {
    // Offered once the console has missed three heartbeats.
    await expect(async () => {
      await page.reload();
      await expect(takeOver).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 60_000 });
    await takeOver.click();
    const dialog = page.getByRole("dialog", { name: `Bring the shadows of ${name} home without backup?` });
    await expect(dialog).toContainText("Only when backup is gone for good.");
    await expect(dialog).toContainText(`prod imports ${snapDg} clearing backup's lock (vxdg import -C)`);
    await expect(dialog).toContainText("The next update scans every shadow whole");
    const confirm = dialog.getByRole("button", { name: "Bring home without it" });
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel("Type backup to confirm").fill("backup");
    await confirm.click();

    await expect(page.getByTestId("run-rejoin")).toHaveText("shadows brought home without backup", { timeout: 60_000 });
    await expect(page.getByTestId("run-state")).toHaveText("cancelled");
    await expect(stepStates(page, "release")).toHaveText("not reached");
    await expect(stepStates(page, "rejoin")).toHaveText("succeeded");
    const rejoin = page.getByRole("list", { name: "Steps" }).locator('[data-step="rejoin"]');
    await rejoin.getByText(/^Log \(/).click();
    await expect(rejoin.getByRole("list", { name: "Log of Rejoin" })).toContainText(
      `import disk group ${snapDg}, clearing host backup's lock (vxdg import -C): done`,
    );
    expect(await holders(page, snapDg)).toEqual(["prod", "nobody", "backup", "prod"]);
    await expect(page.getByRole("button", { name: /Bring shadows home|Bring home without/ })).toHaveCount(0);
    // The set is whole on prod: the one thing that would stop a run now is the backup host itself.
    await page.goto(`${runbookHref(name)}/edit`);
    await expect(page.getByRole("list", { name: "Placement problems" }).getByRole("listitem")).toHaveText(
      [/^backupHost: host backup is offline/],
      { timeout: 30_000 },
    );
  } finally {
    await startAgent(page.request, "backup");
  }
  // Back, the backup host still lists the set it had imported; disabling it there tidies up.
  await runJob(api, api.set.disable.mutate({ host: "backup", target: { kind: "sets", sets: [`${snapDg}/s1`] } }));
  await page.reload();
  await expect(page.getByTestId("placement-ok")).toBeVisible({ timeout: 30_000 });
});
