// The set page's actions, each started from the UI, run by the real agents and followed in the UI
// to its end, then checked against the agent's state and, where data moves, the volume files on
// the demo SAN: throttle (-P), full copy then abort (-a), update with wait (-w), export (-E),
// import on the backup host (-I), disable there (-d), join back (-J), move to a group (-m), and
// svadm -e/-d. Disk-group moves between the hosts are setup (e2e/disk-groups.spec.ts covers them
// in the UI). Everything happens in this spec's own disk groups.
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { expect, type Locator, type Page, test } from "@playwright/test";
import { setHref } from "../lib/set-route";
import { sanDir } from "./support/admin-credentials";
import { saveScreenshot } from "./support/screenshot";
import { runJob } from "./support/storage-jobs";
import { type ApiClient, apiClient } from "./support/trpc-client";

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const PROD_DG = "e2e-act-prod";
const SHADOW_DG = "e2e-act-shadow";
const GROUP = "e2eact";

async function inventory(api: ApiClient, host: string) {
  const { inventory } = await api.host.get.query({ name: host });
  expect(inventory, `${host}'s agent has reported its inventory`).not.toBeNull();
  return inventory!;
}
const file = (dg: string, name: string) => path.join(sanDir(), dg, name);

async function sha256(p: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(p, { highWaterMark: 4 * MiB })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Writes 1 MiB of random bytes at each offset, like an application writing to the volume. */
async function scribble(p: string, offsets: number[]): Promise<void> {
  const handle = await open(p, "r+");
  try {
    for (const at of offsets) await handle.write(randomBytes(MiB), 0, MiB, at);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** vxdg stopall + deport on one host, import + startall on the other (the seed procedure's steps). */
async function moveDiskGroup(api: ApiClient, diskGroup: string, from: string, to: string): Promise<void> {
  await runJob(api, api.diskGroup.stopAll.mutate({ host: from, diskGroup }));
  await runJob(api, api.diskGroup.deport.mutate({ host: from, diskGroup }));
  await runJob(api, api.diskGroup.import.mutate({ host: to, diskGroup }));
  await runJob(api, api.diskGroup.startAll.mutate({ host: to, diskGroup }));
}

async function setOn(api: ApiClient, host: string, shadow: string) {
  return (await inventory(api, host)).sets.find((s) => s.shadow === shadow);
}

/** The newest job this page started whose label matches, once it has reached `state`. */
async function followedJobEnds(page: Page, label: RegExp, state: string | RegExp, timeout = 60_000): Promise<Locator> {
  const item = page
    .getByRole("list", { name: "Jobs started from this page" })
    .getByRole("listitem")
    .filter({ hasText: label })
    .first();
  const shown = item.getByTestId("followed-job-state");
  await expect(shown).not.toHaveText(/^(…|queued|running)$/, { timeout });
  // On a mismatch the message is the whole item: label, state and the agent's error.
  expect(await shown.textContent(), await item.innerText()).toMatch(
    typeof state === "string" ? new RegExp(`^${state}$`) : state,
  );
  return item;
}

async function confirm(page: Page, title: string | RegExp, button: string) {
  const dialog = page.getByRole("dialog", { name: title });
  await dialog.getByRole("button", { name: button, exact: true }).click();
  await expect(dialog).toBeHidden();
}

test.describe.configure({ mode: "serial" });

let shadow = "";
let master = "";

test.beforeAll(async ({ request }) => {
  const api = apiClient(request);
  // A 1 GiB master (sparse, with random data written at a few places) and its shadow and bitmap on
  // prod; the shadow lives in a disk group of its own with the backup host's import bitmap, so
  // the group can travel to backup and back. A retry starts again from no set.
  const inv = await inventory(api, "prod");
  for (const dg of [PROD_DG, SHADOW_DG]) {
    if (!inv.diskGroups.some((g) => g.name === dg))
      await runJob(api, api.diskGroup.create.mutate({ host: "prod", diskGroup: dg }));
  }
  const volumes: [string, string, number, number | null][] = [
    [PROD_DG, "m", GiB, null],
    [PROD_DG, "m.bmp", 1, GiB],
    [SHADOW_DG, "s", GiB, null],
    [SHADOW_DG, "s-import.bmp", 1, GiB],
  ];
  const now = await inventory(api, "prod");
  for (const [dg, name, sizeBytes, bitmapForMasterBytes] of volumes) {
    if (now.diskGroups.find((g) => g.name === dg)?.volumes.some((v) => v.name === name)) continue;
    await runJob(api, api.volume.create.mutate({ host: "prod", diskGroup: dg, name, sizeBytes, bitmapForMasterBytes }));
  }
  master = file(PROD_DG, "m");
  shadow = file(SHADOW_DG, "s");
  const backup = await inventory(api, "backup");
  if (backup.diskGroups.find((g) => g.name === SHADOW_DG)?.owner === "backup") {
    if (backup.sets.some((s) => s.shadow === shadow))
      await runJob(api, api.set.disable.mutate({ host: "backup", target: { kind: "sets", sets: [shadow] } }));
    await moveDiskGroup(api, SHADOW_DG, "backup", "prod");
  }
  if (await setOn(api, "prod", shadow))
    await runJob(api, api.set.disable.mutate({ host: "prod", target: { kind: "sets", sets: [shadow] } }));
  await scribble(master, [0, 300 * MiB, 700 * MiB, GiB - MiB]);
  await runJob(
    api,
    api.set.enable.mutate({
      host: "prod",
      type: "ind",
      master: `${PROD_DG}/m`,
      shadow: `${SHADOW_DG}/s`,
      bitmap: `${PROD_DG}/m.bmp`,
      group: null,
    }),
  );
});

test("throttle, then a full copy aborted from the page, then an update the page waits for: the shadow ends equal to the master", async ({
  page,
  request,
}) => {
  const api = apiClient(request);
  await expect
    .poll(
      async () =>
        (
          await api.set.wait.query({
            host: "prod",
            target: { kind: "sets", sets: [shadow] },
            timeoutSeconds: 20,
          })
        ).done,
      { timeout: 90_000 },
    )
    .toBe(true);
  await page.goto(setHref("prod", shadow));
  const details = page.getByRole("region", { name: "Details" });
  const throttle = page.getByRole("region", { name: "Throttle" });

  // -P: 5 s pauses after every 100 full-size I/Os, so a 1 GiB copy runs for about 10 s.
  await throttle.getByLabel(/^Copy delay/).fill("500");
  await throttle.getByLabel(/^Copy unit/).fill("100");
  await throttle.getByRole("button", { name: "Set throttle" }).click();
  await expect(page.getByRole("dialog", { name: `Throttle copies of set ${shadow}?` })).toContainText(
    "pause 500 ticks (5000 ms) after every 100 copy I/Os",
  );
  await confirm(page, `Throttle copies of set ${shadow}?`, "Set throttle");
  await followedJobEnds(page, /^Throttle of set/, "succeeded");
  await expect(details).toContainText("500 ticks after every 100 I/Os");
  expect((await setOn(api, "prod", shadow))?.throttle).toEqual({ delay: 500, unit: 100 });

  // -c s, then -a while it runs.
  await page.getByRole("button", { name: "Full copy to shadow" }).click();
  await confirm(page, `Copy all of the master to the shadow of set ${shadow}?`, "Copy to shadow");
  const copy = page
    .getByRole("list", { name: "Jobs started from this page" })
    .getByRole("listitem")
    .filter({ hasText: /^Full copy of set .* to shadow/ })
    .first();
  await expect(copy.getByTestId("followed-job-state")).toHaveText("running", { timeout: 20_000 });
  await expect(copy.getByRole("progressbar")).toBeVisible();
  await expect(page.getByRole("region", { name: "Copy", exact: true })).toContainText(/of 1 GiB/);
  await expect(page.getByRole("list", { name: "Set state" })).toContainText("copy in progress");
  await expect(page.getByRole("list", { name: "Set state" })).toContainText("master → shadow");
  const abort = page.getByRole("button", { name: "Abort copy" });
  await expect(abort).toBeEnabled();
  await abort.click();
  await confirm(page, `Abort the copy of set ${shadow}?`, "Abort copy");
  await expect(copy.getByTestId("followed-job-state")).toHaveText("cancelled", { timeout: 30_000 });
  await expect(page.getByRole("list", { name: "Set state" })).toContainText("copy not active", { timeout: 15_000 });
  await expect(page.getByRole("list", { name: "Set state" })).not.toContainText("copy in progress");

  // -u s, and -w from the page while the throttled copy runs.
  await page.getByRole("button", { name: "Update to shadow" }).click();
  await confirm(page, `Update the shadow of set ${shadow}?`, "Update shadow");
  const update = page
    .getByRole("list", { name: "Jobs started from this page" })
    .getByRole("listitem")
    .filter({ hasText: /^Update of set .* to shadow/ })
    .first();
  await page.getByRole("button", { name: "Wait for copy" }).click();
  const waitStatus = page.getByRole("status").filter({ hasText: /Waiting|Done: the copy|Copy did not complete/ });
  await expect(waitStatus).toHaveText("Done: the copy completed.", { timeout: 90_000 });
  await expect(update.getByTestId("followed-job-state")).toHaveText("succeeded", { timeout: 10_000 });
  await expect(page.getByRole("list", { name: "Set state" })).not.toContainText("copy not active");
  expect(await sha256(shadow)).toBe(await sha256(master));
});

test("export, import on backup, writes there, disable there, join back on prod: the update recopies the backup's writes", async ({
  page,
  request,
}, testInfo) => {
  const api = apiClient(request);
  // Fast copies from here on.
  await runJob(
    api,
    api.set.params.mutate({ host: "prod", target: { kind: "sets", sets: [shadow] }, delay: 2, unit: 60000 }),
  );

  await page.goto(setHref("prod", shadow));
  await page.getByRole("button", { name: "Export shadow" }).click();
  await confirm(page, `Export the shadow of set ${shadow}?`, "Export");
  await followedJobEnds(page, /^Export of set/, "succeeded");
  await expect(page.getByRole("list", { name: "Set state" })).toContainText("shadow exported");

  // The shadow's disk group travels to backup (vxdg deport / import).
  await moveDiskGroup(api, SHADOW_DG, "prod", "backup");
  await expect
    .poll(async () => (await inventory(api, "backup")).diskGroups.find((g) => g.name === SHADOW_DG)?.owner, {
      timeout: 15_000,
    })
    .toBe("backup");

  await page.goto("/sets/enable?host=backup");
  const importForm = page.getByRole("form", { name: "Import a shadow" });
  await importForm.getByLabel("Exported shadow", { exact: true }).selectOption(`${SHADOW_DG}/s`);
  await importForm.getByLabel("Import bitmap", { exact: true }).selectOption(`${SHADOW_DG}/s-import.bmp`);
  await importForm.getByRole("button", { name: "Import shadow" }).click();
  await confirm(page, `Import ${SHADOW_DG}/s on backup?`, "Import");
  await followedJobEnds(page, /^Import of /, "succeeded");
  await expect
    .poll(async () => (await setOn(api, "backup", shadow))?.master, { timeout: 15_000 })
    .toBe("<imported_shadow>");

  // The backup host writes to the imported shadow, then disables its set (recording the writes).
  await scribble(shadow, [100 * MiB, 900 * MiB]);
  expect(await sha256(shadow)).not.toBe(await sha256(master));
  await page.goto(setHref("backup", shadow));
  await expect(page.getByRole("list", { name: "Set state" })).toContainText("shadow imported");
  await page.getByRole("button", { name: "Disable set" }).click();
  await confirm(page, `Disable set ${shadow}?`, "Disable");
  await expect(page.getByRole("heading", { name: `Set ${shadow} is disabled` })).toBeVisible({ timeout: 60_000 });

  await moveDiskGroup(api, SHADOW_DG, "backup", "prod");

  await page.goto(setHref("prod", shadow));
  const join = page.getByRole("region", { name: "Export and disable" });
  await join.getByLabel("Importer's bitmap").fill(`${SHADOW_DG}/s-import.bmp`);
  await join.getByRole("button", { name: "Join shadow" }).click();
  await expect(page.getByRole("dialog", { name: `Join the shadow ${shadow} back?` })).toContainText(
    `${SHADOW_DG}/s-import.bmp`,
  );
  await confirm(page, `Join the shadow ${shadow} back?`, "Join");
  await followedJobEnds(page, /^Join of /, "succeeded");
  await expect(page.getByRole("list", { name: "Set state" })).not.toContainText("shadow exported");
  // The backup's two 1 MiB writes are now in this set's bitmap (at least 64 chunks of 32 KiB).
  await expect(page.getByRole("region", { name: "Copy", exact: true })).toContainText(
    /([6-9]\d|\d{3,}) of 32768 chunks differ/,
  );
  await saveScreenshot(page, testInfo, "set-joined");

  await page.getByRole("button", { name: "Update to shadow" }).click();
  await confirm(page, `Update the shadow of set ${shadow}?`, "Update shadow");
  await followedJobEnds(page, /^Update of set .* to shadow/, "succeeded");
  expect(await sha256(shadow)).toBe(await sha256(master));
});

test("move to an I/O group, and svadm enable and disable of the master, from the set's page", async ({
  page,
  request,
}) => {
  const api = apiClient(request);
  await page.goto(setHref("prod", shadow));
  const group = page.getByRole("region", { name: "Group" });
  await group.getByLabel("I/O group").fill(GROUP);
  await group.getByRole("button", { name: "Move to group" }).click();
  await confirm(page, `Move set ${shadow} to group ${GROUP}?`, "Move");
  await followedJobEnds(page, new RegExp(`^Move of set .* to group ${GROUP}`), "succeeded");
  await expect(page.getByRole("region", { name: "Details" }).getByRole("link", { name: GROUP })).toBeVisible();
  expect((await setOn(api, "prod", shadow))?.group).toBe(GROUP);

  const masterRow = page.getByRole("region", { name: "Volumes" }).getByRole("row", { name: /^master/ });
  await masterRow.getByRole("button", { name: "Put under sv" }).click();
  await confirm(page, `Put ${master} under sv?`, "Enable sv");
  await followedJobEnds(page, new RegExp(`^svadm -e ${master}`), "succeeded");
  await expect(masterRow.getByRole("cell").nth(2)).toHaveText("yes");
  expect((await inventory(api, "prod")).svVolumes).toContain(master);

  await masterRow.getByRole("button", { name: "Release from sv" }).click();
  await confirm(page, `Release ${master} from sv?`, "Release");
  await followedJobEnds(page, new RegExp(`^svadm -d ${master}`), "succeeded");
  await expect(masterRow.getByRole("cell").nth(2)).toHaveText("no");
  expect((await inventory(api, "prod")).svVolumes).not.toContain(master);

  await group.getByLabel("I/O group").fill("");
  await group.getByRole("button", { name: "Remove from group" }).click();
  await confirm(page, `Remove set ${shadow} from its group?`, "Remove");
  await followedJobEnds(page, /^Removal of set .* from group/, "succeeded");
  expect((await setOn(api, "prod", shadow))?.group).toBeNull();
});
