import { expect, test } from "@playwright/test";

test("the console home page lists hosts and explains an empty inventory", async ({ page }, testInfo) => {
  await page.goto("/");

  await expect(page).toHaveTitle("pitcrew");
  await expect(page.getByRole("heading", { level: 1, name: "Hosts" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "No hosts yet" })).toBeVisible();
  await expect(page.getByText("enrols with this console")).toBeVisible();

  await page.screenshot({ path: testInfo.outputPath("console-empty.png"), fullPage: true });
});

test("the host list is served over tRPC HTTP from the database", async ({ page }) => {
  // page.request carries the signed-in browser's session cookie (storageState from auth.setup.ts).
  const response = await page.request.get("/api/trpc/host.list");

  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ result: { data: [] } });
});
