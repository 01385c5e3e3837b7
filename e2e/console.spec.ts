import { expect, test } from "@playwright/test";
import { saveScreenshot } from "./support/screenshot";
import { apiClient } from "./support/trpc-client";

test("the overview shows both agents online and the two disk groups held by prod", async ({ page }, testInfo) => {
  await page.goto("/");

  await expect(page).toHaveTitle("pitcrew");
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  const hosts = page.getByRole("region", { name: "Hosts" });
  await expect(hosts.getByRole("listitem").filter({ hasText: "prod" })).toContainText("online");
  await expect(hosts.getByRole("listitem").filter({ hasText: "backup" })).toContainText("online");
  await expect(hosts).toContainText(/last heartbeat (just now|\d+ s ago)/);
  await expect(hosts).toContainText("2 online, 0 offline");

  const diskGroups = page.getByRole("table", { name: "Disk groups and the host holding each" });
  await expect(
    diskGroups
      .getByRole("row", { name: /^production/ })
      .getByRole("cell")
      .first(),
  ).toHaveText("prod");
  await expect(
    diskGroups
      .getByRole("row", { name: /^backup/ })
      .getByRole("cell")
      .first(),
  ).toHaveText("prod");
  await expect(page.getByRole("region", { name: "Volume sets by state" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Running jobs" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Recent failures" })).toBeVisible();

  await saveScreenshot(page, testInfo, "overview");
});

test("the sidebar reaches every page and marks the current one; admins see the admin pages", async ({ page }) => {
  await page.goto("/hosts");
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const label of [
    "Overview",
    "Hosts",
    "Disk groups",
    "Volume sets",
    "Jobs",
    "Bitmap planner",
    "Audit log",
    "Users & tokens",
  ]) {
    await expect(nav.getByRole("link", { name: label })).toBeVisible();
  }
  await expect(nav.getByRole("link", { name: "Hosts" })).toHaveAttribute("aria-current", "page");
  await nav.getByRole("link", { name: "Jobs" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Jobs" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Jobs" })).toHaveAttribute("aria-current", "page");
});

test("the first Tab reaches the skip link, which moves focus to the page content", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();
});

test("the theme toggle switches to dark and the choice survives a reload without a flash", async ({ page }) => {
  await page.goto("/");
  const theme = page.getByRole("group", { name: "Colour theme" });
  await theme.getByRole("button", { name: "Dark" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");

  // The server renders the cookie's choice into the HTML itself: no script has to run first.
  const html = await (await page.request.get("/")).text();
  expect(html).toMatch(/<html[^>]*data-theme="dark"/);
  await page.reload();
  await expect(theme.getByRole("button", { name: "Dark" })).toHaveAttribute("aria-pressed", "true");

  await theme.getByRole("button", { name: "System" }).click();
  await expect(page.locator("html")).not.toHaveAttribute("data-theme", /.*/);
});

test("the host list is served over tRPC HTTP from the database", async ({ page }) => {
  // page.request carries the signed-in browser's session cookie (storageState from auth.setup.ts).
  const hosts = await apiClient(page.request, "session").host.list.query();

  expect(hosts.map((h) => h.name)).toEqual(["backup", "prod"]);
});
