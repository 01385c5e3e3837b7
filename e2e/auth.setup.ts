// Signs in once through the real form and saves the cookie for the other specs (storageState).
import { expect, test as setup } from "@playwright/test";
import { adminPassword, adminUsername } from "./support/admin-credentials";
import { adminStorageState } from "./support/run-dirs";

setup("sign in as the first-start admin", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Username").fill(adminUsername);
  await page.getByLabel("Password").fill(adminPassword());
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await page.context().storageState({ path: adminStorageState });
});
