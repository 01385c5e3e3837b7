import { statSync } from "node:fs";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { minBitmapBytes } from "../lib/bitmap-size";
import { sanDir } from "./support/admin-credentials";
import { saveScreenshot } from "./support/screenshot";
import { runJob } from "./support/storage-jobs";
import { apiClient } from "./support/trpc-client";

const MiB = 1024 ** 2;

test("the list shows production and backup held by prod, and a group's page its volumes and hosts", async ({
  page,
}, testInfo) => {
  await page.goto("/disk-groups");
  const table = page.getByRole("table", { name: "Disk groups, the host holding each, and their volumes" });
  for (const name of ["production", "backup"]) {
    const row = table.getByTestId(`disk-group-row-${name}`);
    await expect(row.getByRole("cell").first()).toHaveText("prod");
    await expect(row).toContainText("started");
    await expect(row.getByRole("cell").last()).toContainText("prod");
    await expect(row.getByRole("cell").last()).toContainText("backup");
  }
  await saveScreenshot(page, testInfo, "disk-groups");

  await table.getByRole("link", { name: "production", exact: true }).click();
  await expect(page).toHaveURL("/disk-groups/production");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Disk group production");
  await expect(page.getByTestId("dg-holder")).toHaveText("held by prod");
  const volumes = page.getByRole("table", { name: "Volumes of disk group production" });
  for (const vol of ["vol01", "vol02", "vol03", "vol04", "vol05"]) {
    await expect(volumes.getByTestId(`volume-row-${vol}`)).toContainText("data");
    await expect(volumes.getByTestId(`volume-row-${vol}.bmp`)).toContainText("bitmap");
  }
  await expect(volumes.getByTestId("volume-row-vol01")).toContainText(path.join(sanDir(), "production", "vol01"));
  await expect(page.getByTestId("dg-view-prod")).toContainText("(holder)");
  await expect(page.getByTestId("dg-view-backup")).toContainText("prod");
  await saveScreenshot(page, testInfo, "disk-group-production");
});

async function confirmAndWait(page: Page, dialogName: string | RegExp, button: string) {
  const dialog = page.getByRole("dialog", { name: dialogName });
  await expect(dialog.getByTestId("action-blockers")).toHaveCount(0);
  await dialog.getByRole("button", { name: button, exact: true }).click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });
  await expect(page.getByTestId("finished-job")).toContainText("succeeded");
}

test("an operator creates a disk group on backup with a volume and a bitmap volume, stops, starts, deports and imports it on prod; a set on its volumes blocks the deport", async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(180_000);
  const dg = `e2e-dg-${Date.now().toString(36)}`;
  const api = apiClient(request);

  await test.step("create the disk group on backup", async () => {
    await page.goto("/disk-groups");
    await page.getByRole("button", { name: "Create disk group" }).click();
    const dialog = page.getByRole("dialog", { name: "Create a disk group" });
    await dialog.getByLabel("Host").selectOption("backup");
    await dialog.getByLabel("Name").fill("production");
    await expect(dialog).toContainText("disk group production already exists");
    await dialog.getByLabel("Name").fill(dg);
    await expect(dialog).toContainText(`The agent on backup creates disk group ${dg}`);
    await confirmAndWait(page, "Create a disk group", "Create disk group");
    await expect(page.getByTestId("finished-job")).toContainText("dg.create");
    const row = page.getByTestId(`disk-group-row-${dg}`);
    await expect(row.getByRole("cell").first()).toHaveText("backup");
    await row.getByRole("link", { name: dg }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Disk group ${dg}`);
    await expect(page.getByTestId("dg-holder")).toHaveText("held by backup");
  });

  await test.step("create a sparse 8 MiB data volume and a bitmap volume for an 8 MiB master", async () => {
    await page.getByRole("button", { name: "Create volume" }).click();
    let dialog = page.getByRole("dialog", { name: `Create a volume in ${dg} on backup` });
    await dialog.getByLabel("Volume name").fill("data1");
    await dialog.getByLabel("Size", { exact: true }).fill("8");
    await dialog.getByLabel("Unit").selectOption("MiB");
    await expect(dialog.getByTestId("create-volume-summary")).toContainText(
      `${dg}/data1 of 8 MiB (${8 * MiB} bytes), sparse`,
    );
    await confirmAndWait(page, `Create a volume in ${dg} on backup`, "Create volume");
    const data = page.getByTestId("volume-row-data1");
    await expect(data.getByTestId("volume-size")).toHaveText("8 MiB");
    await expect(data.getByTestId("volume-bytes")).toHaveText(`${8 * MiB} bytes`);

    await page.getByRole("button", { name: "Create volume" }).click();
    dialog = page.getByRole("dialog", { name: `Create a volume in ${dg} on backup` });
    await dialog.getByLabel("Bitmap volume").check();
    await dialog.getByLabel("Volume name").fill("data1.bmp");
    await dialog.getByLabel(/^Master size/).fill("8");
    await dialog.getByLabel("Unit").selectOption("MiB");
    const bitmapBytes = minBitmapBytes(8 * MiB);
    await expect(dialog.getByTestId("bitmap-size")).toHaveText(
      `Bitmap volume size: 24 KiB (${bitmapBytes} bytes), enough for independent sets`,
    );
    await confirmAndWait(page, `Create a volume in ${dg} on backup`, "Create volume");
    const bitmap = page.getByTestId("volume-row-data1.bmp");
    await expect(bitmap.getByTestId("volume-size")).toHaveText("24 KiB");
    await expect(bitmap.getByTestId("volume-bytes")).toHaveText(`${bitmapBytes} bytes`);
    await expect(bitmap).toContainText("bitmap");

    expect(statSync(path.join(sanDir(), dg, "data1")).size).toBe(8 * MiB);
    expect(statSync(path.join(sanDir(), dg, "data1.bmp")).size).toBe(bitmapBytes);
    const detail = await api.diskGroup.get.query({ name: dg });
    expect(detail.volumes.map((v) => [v.name, v.sizeBytes, v.role])).toEqual([
      ["data1", 8 * MiB, "data"],
      ["data1.bmp", bitmapBytes, "bitmap"],
    ]);
  });

  await test.step("stop all, start all, deport, import on prod", async () => {
    await page.getByRole("button", { name: "Stop all" }).click();
    await confirmAndWait(page, `Stop all volumes: ${dg} on backup?`, "Stop all volumes");
    await expect(page.getByTestId("dg-volumes-state")).toHaveText("volumes stopped");

    await page.getByRole("button", { name: "Start all" }).click();
    await confirmAndWait(page, `Start all volumes: ${dg} on backup?`, "Start all volumes");
    await expect(page.getByTestId("dg-volumes-state")).toHaveText("volumes started");

    await page.getByRole("button", { name: "Deport" }).click();
    await expect(page.getByRole("dialog", { name: `Deport: ${dg} on backup?` })).toContainText(
      "releases its import lock",
    );
    await confirmAndWait(page, `Deport: ${dg} on backup?`, "Deport");
    await expect(page.getByTestId("dg-holder")).toHaveText("deported");

    await page.getByRole("button", { name: "Import…" }).click();
    const dialog = page.getByRole("dialog", { name: /^Import / });
    await dialog.getByLabel("Import on host").selectOption("prod");
    await confirmAndWait(page, `Import ${dg} on prod?`, "Import");
    await expect(page.getByTestId("dg-holder")).toHaveText("held by prod");
    await expect(page.getByTestId("dg-view-backup")).toContainText("prod", { timeout: 20_000 });
  });

  await test.step("a set on its volumes blocks the deport, before sending and by the agent", async () => {
    await runJob(api, api.diskGroup.startAll.mutate({ host: "prod", diskGroup: dg }));
    await runJob(api, api.volume.create.mutate({ host: "prod", diskGroup: dg, name: "shadow1", sizeBytes: 8 * MiB }));
    // Dependent: enabling copies nothing.
    await runJob(
      api,
      api.set.enable.mutate({
        host: "prod",
        type: "dep",
        master: `${dg}/data1`,
        shadow: `${dg}/shadow1`,
        bitmap: `${dg}/data1.bmp`,
        group: null,
      }),
    );
    const shadowPath = path.join(sanDir(), dg, "shadow1");
    await expect(page.getByTestId("volume-row-data1")).toContainText(`enabled in set ${shadowPath} as master`, {
      timeout: 20_000,
    });
    await expect(page.getByRole("region", { name: "Volume sets on its volumes" })).toContainText(shadowPath);
    await saveScreenshot(page, testInfo, "disk-group-detail");

    await page.getByRole("button", { name: "Deport" }).click();
    const dialog = page.getByRole("dialog", { name: `Deport: ${dg} on prod?` });
    await expect(dialog.getByTestId("action-blockers")).toContainText(
      `deport is blocked: data1 is enabled in set ${shadowPath} as master`,
    );
    await expect(dialog.getByTestId("action-blockers")).toContainText(
      `deport is blocked: shadow1 is enabled in set ${shadowPath} as shadow`,
    );
    await dialog.getByRole("button", { name: "Deport anyway" }).click();
    await expect(dialog.getByRole("alert")).toContainText(`disk group ${dg} cannot be deported`, { timeout: 30_000 });
    await expect(dialog.getByTestId("action-job")).toContainText("failed");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(page.getByTestId("dg-holder")).toHaveText("held by prod");
  });

  await test.step("importing on backup needs the lock cleared, with a typed confirmation (not sent)", async () => {
    await page.getByRole("button", { name: "Import…" }).click();
    let dialog = page.getByRole("dialog", { name: /^Import / });
    await dialog.getByLabel("Import on host").selectOption("backup");
    dialog = page.getByRole("dialog", { name: `Import ${dg} on backup?` });
    await expect(dialog.getByTestId("action-blockers")).toContainText(
      `import is blocked: disk group ${dg} is held by prod`,
    );
    await dialog.getByLabel("Clear the lock of prod (vxdg import -C)").check();
    dialog = page.getByRole("dialog", { name: `Clear prod's lock and import ${dg} on backup?` });
    await expect(dialog.getByTestId("action-blockers")).toHaveCount(0);
    await expect(dialog).toContainText("both hosts write to the same volumes");
    const confirm = dialog.getByRole("button", { name: "Clear lock and import" });
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel(`Type ${dg} to confirm`).fill(dg);
    await expect(confirm).toBeEnabled();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
  });

  // Leave nothing enabled for the other specs, and the group released.
  const target = { kind: "sets" as const, sets: [`${dg}/shadow1`] };
  await runJob(api, api.set.disable.mutate({ host: "prod", target }));
  await runJob(api, api.diskGroup.deport.mutate({ host: "prod", diskGroup: dg }));
});
