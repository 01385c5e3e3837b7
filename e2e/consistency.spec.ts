// Consistency modes (docs/consistency-modes.md) as operators see them outside the runbook: the enable form says
// which mode a set would get before it exists, from the file systems prod's agent reports, and
// sends the operator's choice; the set page, the sets list and iiadm -i show the set's mode. The
// demo SAN is plain files in the temp dir (ext4 or tmpfs here, never XFS with reflink): scan, with
// the reason. Everything happens in this spec's own disk group, e2e-consistency, on prod.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { consistencyFor, describeConsistency } from "../lib/consistency-mode";
import { setHref } from "../lib/set-route";
import { saveScreenshot } from "./support/screenshot";
import { runJob, waitForJobSuccess, ensureSetEnabled, hostInventory } from "./support/storage-jobs";
import { type ApiClient, apiClient } from "./support/trpc-client";

const MiB = 1024 ** 2;
const DG = "e2e-consistency";

const inventory = (api: ApiClient) => hostInventory(api, "prod");

/** The spec's disk group with a master, its bitmap and a shadow; created once per cluster (a retry finds them). */
async function ensureVolumes(api: ApiClient) {
  if (!(await inventory(api)).diskGroups.some((g) => g.name === DG))
    await runJob(api, api.diskGroup.create.mutate({ host: "prod", diskGroup: DG }));
  const have = (await inventory(api)).diskGroups.find((g) => g.name === DG)!.volumes.map((v) => v.name);
  for (const [name, sizeBytes, bitmapForMasterBytes] of [
    ["m", 64 * MiB, null],
    ["m.bmp", 1, 64 * MiB],
    ["s", 64 * MiB, null],
  ] as const) {
    if (!have.includes(name))
      await runJob(
        api,
        api.volume.create.mutate({ host: "prod", diskGroup: DG, name, sizeBytes, bitmapForMasterBytes }),
      );
  }
  const volumes = (await inventory(api)).diskGroups.find((g) => g.name === DG)!.volumes;
  const volume = (name: string) => volumes.find((v) => v.name === name)!;
  const [master, shadow] = [volume("m"), volume("s")];
  if ((await inventory(api)).sets.some((s) => s.shadow === shadow.path)) {
    await runJob(api, api.set.disable.mutate({ host: "prod", target: { kind: "sets", sets: [shadow.path] } }));
  }
  return { master, shadow };
}

test.describe.configure({ mode: "serial" });

test("the enable form says which consistency mode the set would get before it exists, and sends the operator's choice", async ({
  page,
  request,
}, testInfo) => {
  const api = apiClient(request);
  const { master, shadow } = await ensureVolumes(api);
  // prod's agent reports the file system under each data volume (agent/collect-inventory.ts).
  expect(master.sharing, "prod's inventory gives the master's file system").toBeDefined();
  const expected = consistencyFor({
    type: "ind",
    master: master.sharing!,
    shadow: shadow.sharing!,
    requested: "auto",
    masterPath: master.path,
    shadowPath: shadow.path,
  });

  await page.goto("/sets/enable?host=prod");
  const form = page.getByRole("form", { name: "Enable a set" });
  const predicted = form.getByRole("note", { name: "Predicted consistency" });
  await expect(predicted).toHaveText("Choose the master and shadow to see which mode the set gets.");
  await form.getByLabel("Master", { exact: true }).selectOption(`${DG}/m`);
  await form.getByLabel("Shadow", { exact: true }).selectOption(`${DG}/s`);

  // Before the set exists (no bitmap chosen yet, nothing sent).
  await expect(predicted).toContainText(`This set would get: ${describeConsistency(expected)}`);
  if (expected.mode === "scan") {
    await expect(predicted).toContainText(
      `scan: master ${master.path}: its file system (${master.sharing!.filesystem}) cannot share blocks; instant mode needs XFS with reflink or btrfs`,
    );
    await expect(predicted).toContainText("a point in time only while the application stays quiesced");
  }
  await saveScreenshot(page, testInfo, "set-enable-consistency");
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  await form.getByLabel("Scan", { exact: true }).check();
  await expect(predicted).toContainText("This set would get: scan: the operator asked for scan mode");

  await form.getByLabel("Bitmap", { exact: true }).selectOption(`${DG}/m.bmp`);
  await expect(form.getByRole("status")).toHaveText("Ready to enable.");
  await form.getByRole("button", { name: "Enable set" }).click();
  const dialog = page.getByRole("dialog", { name: "Enable an independent set on prod?" });
  await expect(dialog).toContainText("Consistency: scan: the operator asked for scan mode.");
  await dialog.getByRole("button", { name: "Enable" }).click();
  await expect(dialog).toBeHidden();

  const jobs = await api.job.list.query({ host: "prod", limit: 20 });
  const enable = jobs.find((j) => j.kind === "set.enable")!;
  const job = await api.job.get.query({ id: enable.id });
  // The console resolves dg/vol to paths before queueing.
  expect(job.args).toMatchObject({ master: master.path, shadow: shadow.path, consistency: "scan" });
  await waitForJobSuccess(api, enable.id);
});

test("a set's page, the sets list and iiadm -i show the set's consistency mode", async ({
  page,
  request,
}, testInfo) => {
  const api = apiClient(request);
  const volumes = (await inventory(api)).diskGroups.find((g) => g.name === DG)?.volumes ?? [];
  const master = volumes.find((v) => v.name === "m");
  const shadow = volumes.find((v) => v.name === "s")?.path;
  expect(shadow).toBeDefined();
  await ensureSetEnabled(
    api,
    {
      host: "prod",
      type: "ind",
      master: `${DG}/m`,
      shadow: `${DG}/s`,
      bitmap: `${DG}/m.bmp`,
      group: null,
      consistency: "scan",
    },
    shadow!,
  );
  const status = (await api.set.info.query({ host: "prod", target: { kind: "sets", sets: [shadow!] } })).sets[0]!;

  await page.goto(setHref("prod", shadow!));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(shadow!);
  const region = page.getByRole("region", { name: "Consistency" });
  await expect(region.locator('[data-consistency="scan"]')).toBeVisible();
  await expect(region).toContainText(
    "A scan-mode update is a point in time only while the application stays quiesced until it ends.",
  );
  const iiadm = page.getByRole("region", { name: "As iiadm -i prints it" });
  if (status.consistency) {
    // An engine with consistency modes: the reason, what was asked for, and iiadm -i's line.
    await expect(region).toContainText("scan: the operator asked for scan mode");
    await expect(region).toContainText(/Asked for at enable\s*scan/);
    await expect(iiadm).toContainText("Consistency: scan: the operator asked for scan mode");
  } else {
    await expect(region).toContainText("not reported (older agent)");
    await expect(iiadm).not.toContainText("Consistency:");
  }
  // The file system under master and shadow, as prod reported it.
  const sharing = master?.sharing;
  expect(sharing).toBeDefined();
  await expect(page.getByRole("region", { name: "Volumes" })).toContainText(
    `${sharing!.filesystem} ${sharing!.mechanism ? "(reflink)" : "(no sharing)"}`,
  );
  await saveScreenshot(page, testInfo, "set-consistency");

  await page.goto("/sets?host=prod");
  await expect(page.locator(`tr[data-set="${shadow}"] [data-consistency="scan"]`)).toHaveText("scan");
  // The host page reads the inventory, the disk-group page the VolumeSet rows' consistencyMode column.
  await page.goto("/hosts/prod");
  await expect(
    page
      .getByRole("table", { name: "Volume sets on prod" })
      .locator(`tr[data-set="${shadow}"] [data-consistency="scan"]`),
  ).toBeVisible();
  await page.goto(`/disk-groups/${DG}`);
  await expect(
    page
      .getByRole("table", { name: `Volume sets using volumes of ${DG}` })
      .locator(`tr[data-set="${shadow}"] [data-consistency="scan"]`),
  ).toBeVisible();
  await expect(page.getByTestId("volume-row-m")).toContainText(
    `${sharing!.filesystem} ${sharing!.mechanism ? "(reflink)" : "(no sharing)"}`,
  );

  await runJob(api, api.set.disable.mutate({ host: "prod", target: { kind: "sets", sets: [shadow!] } }));
});

// XFS with reflink under one disk group, so its sets take instant points in time: a loop-mounted
// image over the group's folder (its metadata copied in). Needs root, loop devices and mkfs.xfs.
const INSTANT_DG = "e2e-instant";
const canMountXfs = process.getuid?.() === 0 && spawnSync("mkfs.xfs", ["-V"]).status === 0;
let xfsMount: { dir: string; scratch: string } | null = null;

test.afterAll(() => {
  if (!xfsMount) return;
  if (spawnSync("umount", [xfsMount.dir]).status !== 0) spawnSync("umount", ["-l", xfsMount.dir]);
  rmSync(xfsMount.scratch, { recursive: true, force: true });
  xfsMount = null;
});

function mountXfsOver(dir: string) {
  const scratch = mkdtempSync(path.join(tmpdir(), "pitcrew-e2e-xfs-"));
  const image = path.join(scratch, "xfs.img");
  execFileSync("truncate", ["-s", "320M", image]);
  execFileSync("mkfs.xfs", ["-q", "-m", "reflink=1", image]);
  execFileSync("cp", ["-a", `${dir}/.`, path.join(scratch, "metadata")]);
  execFileSync("mount", ["-o", "loop", image, dir]);
  xfsMount = { dir, scratch };
  execFileSync("cp", ["-a", `${path.join(scratch, "metadata")}/.`, dir]);
}

test("on XFS with reflink, the form predicts instant and the set page shows the point-in-time clone", async ({
  page,
  request,
}, testInfo) => {
  test.skip(!canMountXfs, "needs root, loop devices and mkfs.xfs");
  const api = apiClient(request);
  if ((await inventory(api)).diskGroups.some((g) => g.name === INSTANT_DG))
    test.skip(true, "a retry: the XFS group of the first attempt is gone with its mount");
  await runJob(api, api.diskGroup.create.mutate({ host: "prod", diskGroup: INSTANT_DG }));
  mountXfsOver(path.join(process.env.E2E_SAN_DIR!, INSTANT_DG));
  for (const [name, sizeBytes, bitmapForMasterBytes] of [
    ["m", 64 * MiB, null],
    ["m.bmp", 1, 64 * MiB],
    ["s", 64 * MiB, null],
  ] as const) {
    await runJob(
      api,
      api.volume.create.mutate({ host: "prod", diskGroup: INSTANT_DG, name, sizeBytes, bitmapForMasterBytes }),
    );
  }

  await page.goto("/sets/enable?host=prod");
  const form = page.getByRole("form", { name: "Enable a set" });
  await form.getByLabel("Master", { exact: true }).selectOption(`${INSTANT_DG}/m`);
  await form.getByLabel("Shadow", { exact: true }).selectOption(`${INSTANT_DG}/s`);
  await expect(form.getByRole("note", { name: "Predicted consistency" })).toContainText(
    "This set would get: instant (XFS reflink)",
  );

  await runJob(
    api,
    api.set.enable.mutate({
      host: "prod",
      type: "ind",
      master: `${INSTANT_DG}/m`,
      shadow: `${INSTANT_DG}/s`,
      bitmap: `${INSTANT_DG}/m.bmp`,
      group: null,
    }),
  );
  const shadow = path.join(process.env.E2E_SAN_DIR!, INSTANT_DG, "s");
  await runJob(api, api.set.update.mutate({ host: "prod", target: { kind: "sets", sets: [shadow] }, direction: "s" }));

  await page.goto(setHref("prod", shadow));
  const region = page.getByRole("region", { name: "Consistency" });
  await expect(region.locator('[data-consistency="instant"]')).toBeVisible();
  await expect(region).toContainText("instant (XFS reflink)");
  for (const label of ["Point-in-time clone", "Clone took", "Master extents", "Reference clone holds", "Last update"])
    await expect(region).toContainText(label);
  await expect(region).toContainText(/Last update\s*instant \(extent-map diff\)/);
  const iiadm = page.getByRole("region", { name: "As iiadm -i prints it" });
  await expect(iiadm).toContainText("Consistency: instant (XFS reflink)");
  await expect(iiadm).toContainText(
    /Point-in-time clone: .+, took \d+ ms, master extents \d+, reference clone holds .+/,
  );
  await expect(page.getByRole("region", { name: "Volumes" })).toContainText("xfs (reflink)");
  await saveScreenshot(page, testInfo, "set-consistency-instant");

  await runJob(api, api.set.disable.mutate({ host: "prod", target: { kind: "sets", sets: [shadow] } }));
});
