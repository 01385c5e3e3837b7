// The bitmap planner, the audit log and users & API tokens, against the real console and agents.
// Figures are checked against lib/ itself: the page must quote exactly what the engine enforces.
import { stat } from "node:fs/promises";
import { expect, type Locator, type Page, test } from "@playwright/test";
import { minBitmapBytes } from "../lib/bitmap-size";
import { formatByteSize, parseByteSize } from "../lib/byte-size";
import { adminToken } from "./support/admin-credentials";
import { holdPageScripts } from "./support/held-scripts";
import { saveScreenshot } from "./support/screenshot";
import { runJob } from "./support/storage-jobs";
import { apiClient } from "./support/trpc-client";
import { refusalOf } from "./support/trpc-refusal";

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;

/** The exact byte count behind a figure (its <data> element), checked against its printed text. */
async function figure(row: Locator, column: string): Promise<number> {
  const data = row.locator(`[data-col="${column}"] data`);
  const bytes = Number(await data.getAttribute("value"));
  await expect(data).toHaveText(formatByteSize(bytes));
  return bytes;
}

async function inventoryVolume(page: Page, host: string, diskGroup: string, name: string) {
  const detail = await apiClient(page.request).host.get.query({ name: host });
  return detail.inventory?.diskGroups.find((dg) => dg.name === diskGroup)?.volumes.find((v) => v.name === name);
}

test.describe("bitmap-size planner", () => {
  test("typed sizes show lib/ sizing per master and in total, name invalid entries, and stay in the URL", async ({
    page,
  }) => {
    const typed = ["1G", "100G", "2T", "64M"];
    await page.goto("/planner");
    await page.getByLabel("Or type master sizes").fill(`${typed.join(", ")}, lots`);
    await expect(page.getByRole("alert").filter({ hasText: "'lots' is not a size" })).toBeVisible();

    for (const size of typed) {
      const row = page.locator(`tr[data-plan-row="${size}"]`);
      const master = parseByteSize(size);
      expect(await figure(row, "master")).toBe(master);
      expect(await figure(row, "independent")).toBe(minBitmapBytes(master, "independent"));
      expect(await figure(row, "compact")).toBe(minBitmapBytes(master, "compact-dependent"));
    }
    const masters = typed.map(parseByteSize);
    const total = page.locator('tr[data-plan-row="total"]');
    expect(await figure(total, "master")).toBe(masters.reduce((a, b) => a + b, 0));
    expect(await figure(total, "independent")).toBe(masters.reduce((a, b) => a + minBitmapBytes(b), 0));
    expect(await figure(total, "compact")).toBe(
      masters.reduce((a, b) => a + minBitmapBytes(b, "compact-dependent"), 0),
    );
    // The example of docs/instant-image.md §3.3, as an operator would read it.
    await expect(page.locator('tr[data-plan-row="100G"] [data-col="independent"]')).toHaveText("824 KiB");
    await expect(page.getByTestId("shadow-independent")).toContainText(
      formatByteSize(masters.reduce((a, b) => a + b, 0)),
    );

    const chart = page.getByRole("img", { name: /Bitmap volume size per master/ });
    await expect(chart).toBeVisible();
    await expect(chart).toHaveAccessibleName(/100G: independent 824 KiB/);

    await expect(page).toHaveURL(/sizes=1G%2C\+100G%2C\+2T%2C\+64M%2C\+lots/);
    await page.reload();
    await expect(page.getByLabel("Or type master sizes")).toHaveValue("1G, 100G, 2T, 64M, lots");
    await expect(page.locator('tr[data-plan-row="2T"]')).toBeVisible();
  });

  test("demo volumes chosen from a host's inventory are planned with their sizes", async ({ page }) => {
    const vol01 = await inventoryVolume(page, "prod", "production", "vol01");
    const vol02 = await inventoryVolume(page, "prod", "production", "vol02");
    expect(vol01 && vol02).toBeTruthy();

    await page.goto("/planner");
    await page.getByLabel("Inventory of host").selectOption("prod");
    await page.getByRole("checkbox", { name: /^production\/vol01\b/ }).check();
    await page.getByRole("checkbox", { name: /^production\/vol02\b/ }).check();
    await expect(page).toHaveURL(/from=prod&vol=prod%3Aproduction%2Fvol01&vol=prod%3Aproduction%2Fvol02/);

    for (const volume of [vol01!, vol02!]) {
      const row = page.locator(`tr[data-plan-row="production/${volume.name} (prod)"]`);
      expect(await figure(row, "master")).toBe(volume.sizeBytes);
      expect(await figure(row, "independent")).toBe(minBitmapBytes(volume.sizeBytes));
      expect(await figure(row, "compact")).toBe(minBitmapBytes(volume.sizeBytes, "compact-dependent"));
    }
    await page.reload();
    await expect(page.getByRole("checkbox", { name: /^production\/vol01\b/ })).toBeChecked();
    await expect(page.locator('tr[data-plan-row="production/vol02 (prod)"]')).toBeVisible();
  });

  test("a host chosen while the page's scripts are still loading is kept, not reset by hydration", async ({ page }) => {
    const release = await holdPageScripts(page);
    await page.goto("/planner", { waitUntil: "commit" });
    const hostSelect = page.getByLabel("Inventory of host");
    await expect(hostSelect).toBeAttached();
    const choosing = hostSelect.selectOption("prod");
    // Either the select refuses input until hydrated, or the choice has already landed on the bare page.
    // (Not page.waitForFunction: the console's content security policy forbids the eval it uses.)
    await expect
      .poll(() =>
        hostSelect.evaluate((select: HTMLSelectElement) => select.matches(":disabled") || select.value === "prod"),
      )
      .toBe(true);
    release();
    await choosing;
    await expect(hostSelect).toBeEnabled();
    await expect(hostSelect).toHaveValue("prod");
    await expect(page).toHaveURL(/from=prod/);
  });

  test("'create' makes bitmap volumes of exactly the planned sizes in the chosen disk group, following each job", async ({
    page,
  }) => {
    const diskGroup = `e2e-plan-${unique()}`;
    const api = apiClient(page.request);
    await runJob(api, api.diskGroup.create.mutate({ host: "backup", diskGroup }));

    await page.goto("/planner?sizes=1G,64M");
    const panel = page.getByRole("region", { name: "Create the planned bitmap volumes" });
    await panel.getByLabel("Host").selectOption("backup");
    // The group appears once backup's agent has sent the inventory that holds it.
    await expect(panel.getByLabel("Disk group").locator(`option[value="${diskGroup}"]`)).toHaveCount(1, {
      timeout: 15_000,
    });
    await panel.getByLabel("Disk group").selectOption(diskGroup);
    await expect(panel.getByLabel("Bitmap volume name for 1G")).toHaveValue("1G.bmp");
    await panel.getByLabel("Bitmap volume name for 64M").fill("small bmp");
    await expect(panel.getByText("letters, digits")).toBeVisible();
    await expect(panel.getByRole("button", { name: "Create 2 bitmap volumes" })).toBeDisabled();
    await panel.getByLabel("Bitmap volume name for 64M").fill("small.bmp");

    await panel.getByRole("button", { name: "Create 2 bitmap volumes" }).click();
    const dialog = page.getByRole("dialog", { name: `Create 2 bitmap volumes in ${diskGroup} on backup?` });
    await expect(dialog).toContainText(`${diskGroup}/1G.bmp: ${formatByteSize(minBitmapBytes(parseByteSize("1G")))}`);
    await dialog.getByRole("button", { name: "Create" }).click();

    const planned = {
      "1G.bmp": minBitmapBytes(parseByteSize("1G")),
      "small.bmp": minBitmapBytes(parseByteSize("64M")),
    };
    for (const [name, bytes] of Object.entries(planned)) {
      const step = panel.locator(`li[data-step="${name}"]`);
      await expect(step).toContainText("succeeded", { timeout: 60_000 });
      await expect(step.locator("data")).toHaveAttribute("value", String(bytes));
      await expect(step.getByRole("link", { name: "job" })).toHaveAttribute("href", /^\/jobs\//);
    }
    await saveScreenshot(page, test.info(), "planner");

    for (const [name, bytes] of Object.entries(planned)) {
      await expect
        .poll(async () => (await inventoryVolume(page, "backup", diskGroup, name))?.sizeBytes, { timeout: 15_000 })
        .toBe(bytes);
      const volume = await inventoryVolume(page, "backup", diskGroup, name);
      expect(volume?.role).toBe("bitmap");
      expect((await stat(volume!.path)).size).toBe(bytes);
    }
  });
});

test.describe("bitmap-size planner, compact dependent", () => {
  test("'create' sized for compact dependent sets makes bitmap volumes of exactly lib/'s compact sizes", async ({
    page,
  }) => {
    const diskGroup = `e2e-planc-${unique()}`;
    const api = apiClient(page.request);
    await runJob(api, api.diskGroup.create.mutate({ host: "backup", diskGroup }));
    const sizes = ["100G", "3G", "64M"];

    await page.goto(`/planner?sizes=${sizes.join(",")}`);
    const panel = page.getByRole("region", { name: "Create the planned bitmap volumes" });
    await panel.getByLabel("Host").selectOption("backup");
    await expect(panel.getByLabel("Disk group").locator(`option[value="${diskGroup}"]`)).toHaveCount(1, {
      timeout: 15_000,
    });
    await panel.getByLabel("Disk group").selectOption(diskGroup);
    await panel.getByRole("radio", { name: "compact dependent sets" }).check();
    // The table's size column follows the choice, and equals the plan table's compact column.
    for (const size of sizes) {
      const planned = await figure(page.locator(`tr[data-plan-row="${size}"]`), "compact");
      expect(planned).toBe(minBitmapBytes(parseByteSize(size), "compact-dependent"));
      await expect(panel.getByRole("row", { name: new RegExp(`^${size}\\b`) })).toContainText(formatByteSize(planned));
    }

    await panel.getByRole("button", { name: "Create 3 bitmap volumes" }).click();
    const dialog = page.getByRole("dialog", { name: `Create 3 bitmap volumes in ${diskGroup} on backup?` });
    await expect(dialog).toContainText("Sized for compact dependent sets.");
    await dialog.getByRole("button", { name: "Create" }).click();

    for (const size of sizes) {
      const bytes = minBitmapBytes(parseByteSize(size), "compact-dependent");
      expect(bytes).toBeGreaterThan(minBitmapBytes(parseByteSize(size)));
      const step = panel.locator(`li[data-step="${size}.bmp"]`);
      await expect(step).toContainText("succeeded", { timeout: 60_000 });
      await expect(step.locator("data")).toHaveAttribute("value", String(bytes));
      await expect
        .poll(async () => (await inventoryVolume(page, "backup", diskGroup, `${size}.bmp`))?.sizeBytes, {
          timeout: 15_000,
        })
        .toBe(bytes);
      const volume = await inventoryVolume(page, "backup", diskGroup, `${size}.bmp`);
      expect(volume?.role).toBe("bitmap");
      expect((await stat(volume!.path)).size).toBe(bytes);
    }
  });
});

test("the audit log shows what was just done, and its filters in the URL narrow it", async ({ page }) => {
  const username = `e2e-audit-${unique()}`;
  const api = apiClient(page.request);
  const { id: userId } = await api.auth.users.create.mutate({ username, password: "audit-password-1", role: "viewer" });
  await api.auth.users.setRole.mutate({ userId, role: "operator" });

  await page.goto("/audit");
  const rows = page.locator("tbody tr");
  await expect(rows.filter({ hasText: `user ${username}` })).toHaveCount(2);

  const form = page.getByRole("search", { name: "Filter the audit log" });
  await form.getByLabel("Action").fill("user.set-role");
  await form.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/\/audit\?action=user\.set-role$/);
  await expect(page.locator('tbody tr:not([data-audit-action="user.set-role"])')).toHaveCount(0);
  await expect(rows.filter({ hasText: `user ${username}` })).toHaveCount(1);

  await form.getByLabel("Object contains").fill(username);
  await form.getByLabel("Actor").fill("admin");
  await form.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`action=user\\.set-role&actor=admin&object=${username}`));
  await expect(rows).toHaveCount(1);
  await rows.first().getByText("Show").click();
  await expect(rows.first()).toContainText('"to": "operator"');
  await saveScreenshot(page, test.info(), "audit");

  await form.getByLabel("Result").selectOption("refused");
  await expect(page).toHaveURL(/result=refused/);
  await expect(page.getByRole("heading", { name: "No entries match these filters" })).toBeVisible();
  await page.reload();
  await expect(form.getByLabel("Object contains")).toHaveValue(username);
  await form.getByRole("button", { name: "Clear" }).click();
  await expect(page).toHaveURL(/\/audit$/);
});

test("users: create a viewer, change the role, disable and enable again, see the last-admin refusal; an API token works until revoked", async ({
  page,
  request,
  playwright,
  baseURL,
}) => {
  const username = `e2e-user-${unique()}`;
  await page.goto("/users");
  const users = page.getByRole("region", { name: "Users", exact: true });
  await users.getByLabel("Username").fill(username);
  await users.getByLabel("Initial password").fill("user-password-e2e-1");
  await users.getByLabel("Role", { exact: true }).selectOption("viewer");
  await users.getByRole("button", { name: "Create user" }).click();
  const row = users.locator(`tr[data-user="${username}"]`);
  await expect(row.getByLabel(`Role of ${username}`)).toHaveValue("viewer");

  await row.getByLabel(`Role of ${username}`).selectOption("operator");
  const roleDialog = page.getByRole("dialog", { name: `Make ${username} an operator?` });
  await roleDialog.getByRole("button", { name: "Change role" }).click();
  await expect(roleDialog).toBeHidden();
  await expect(row.getByLabel(`Role of ${username}`)).toHaveValue("operator");

  // Disable, then enable again: the user can sign in only while enabled.
  // A request context of its own, so the session cookie a sign-in sets leaves the test's own
  // contexts (the admin session, the token checks below) alone.
  const signInAs = async () => {
    const own = await playwright.request.newContext({ baseURL });
    try {
      await apiClient(own, "session").auth.signIn.mutate({ username, password: "user-password-e2e-1" });
    } finally {
      await own.dispose();
    }
  };
  await row.getByRole("button", { name: `Disable ${username}` }).click();
  await page
    .getByRole("dialog", { name: `Disable ${username}?` })
    .getByRole("button", { name: "Disable user" })
    .click();
  await expect(row).toContainText("disabled");
  expect((await refusalOf(signInAs())).status).toBe(401);
  await row.getByRole("button", { name: `Enable ${username}` }).click();
  await page
    .getByRole("dialog", { name: `Enable ${username} again?` })
    .getByRole("button", { name: "Enable user" })
    .click();
  await expect(row).toContainText("enabled");
  await signInAs(); // succeeds, or throws the console's refusal

  // Only safe while the bootstrap admin is the one enabled admin: otherwise the click would demote it.
  const everyone = await apiClient(request).auth.users.list.query();
  expect(everyone.filter((u) => u.role === "admin" && !u.disabledAt).map((u) => u.username)).toEqual(["admin"]);
  await users.locator('tr[data-user="admin"]').getByLabel("Role of admin").selectOption("viewer");
  const refusal = page.getByRole("dialog", { name: "Make admin a viewer?" });
  await refusal.getByRole("button", { name: "Change role" }).click();
  await expect(refusal.getByRole("alert")).toContainText("User admin is the last enabled admin");
  await refusal.getByRole("button", { name: "Cancel" }).click();
  await expect(users.locator('tr[data-user="admin"]').getByLabel("Role of admin")).toHaveValue("admin");
  await saveScreenshot(page, test.info(), "users");

  const tokens = page.getByRole("region", { name: "API tokens of admin" });
  const tokenName = `e2e token ${unique()}`;
  await tokens.getByLabel("Token name").fill(tokenName);
  await tokens.getByRole("button", { name: "Create token" }).click();
  const token = (await tokens.getByTestId("api-token").textContent()) ?? "";
  expect(token).toMatch(/^pct_/);
  await expect(tokens.getByTestId("new-api-token")).toContainText(`PITCREW_TOKEN=${token}`);
  await expect(tokens.getByRole("button", { name: "Copy token" })).toBeVisible();
  expect(token).not.toBe(adminToken());

  const me = (t: string) => apiClient(request, { token: t }).auth.me.query();
  expect(await me(token)).toMatchObject({ username: "admin", via: "api-token" });

  await page.reload();
  await expect(tokens.getByTestId("api-token")).toHaveCount(0); // shown once
  const tokenRow = tokens.locator(`tr[data-token="${tokenName}"]`);
  await expect(tokenRow).toContainText("active");
  await expect(tokenRow.locator("td").nth(2)).not.toHaveText("never");

  await tokenRow.getByRole("button", { name: `Revoke ${tokenName}` }).click();
  await page
    .getByRole("dialog", { name: `Revoke token ${tokenName}?` })
    .getByRole("button", { name: "Revoke token" })
    .click();
  await expect(tokenRow).toContainText("revoked");
  // A revoked token signs nobody in: auth.me answers null for it.
  await expect.poll(() => me(token)).toBeNull();
});

test.describe("as a viewer", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("a viewer reaches their own API tokens from the sidebar but no users and no audit log", async ({
    page,
    request,
  }) => {
    const viewer = { username: `e2e-tokens-${unique()}`, password: "viewer-password-e2e-2" };
    await apiClient(request).auth.users.create.mutate({ ...viewer, role: "viewer" });
    await page.goto("/sign-in");
    await page.getByLabel("Username").fill(viewer.username);
    await page.getByLabel("Password").fill(viewer.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API tokens" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "API tokens" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Users", exact: true })).toHaveCount(0);
    await page.getByLabel("Token name").fill("viewer cli");
    await page.getByRole("button", { name: "Create token" }).click();
    await expect(page.getByTestId("api-token")).toHaveText(/^pct_/);
    await page.goto("/audit");
    await expect(page.getByRole("heading", { name: "Admins only" })).toBeVisible();
  });
});
