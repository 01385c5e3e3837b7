import { expect, test } from "@playwright/test";
import { adminPassword, adminUsername } from "./support/admin-credentials";
import { holdPageScripts } from "./support/held-scripts";
import { apiClient } from "./support/trpc-client";
import { refusalOf } from "./support/trpc-refusal";

// These tests start signed out; the sign-out test signs in on its own so the shared session of
// auth.setup.ts stays valid for the other specs.
test.use({ storageState: { cookies: [], origins: [] } });

test("an unauthenticated visit redirects to sign-in and comes back after signing in", async ({ page }) => {
  await page.goto("/?tab=all");

  await expect(page).toHaveURL(/\/sign-in\?next=%2F%3Ftab%3Dall$/);
  await page.getByLabel("Username").fill(adminUsername);
  await page.getByLabel("Password").fill(adminPassword());
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page).toHaveURL(/\/\?tab=all$/);
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await expect(page.getByLabel("Signed in user")).toContainText("admin (admin)");
});

test("a password typed before the page's scripts have loaded never goes into a URL", async ({ page }) => {
  const requested: string[] = [];
  page.on("request", (request) => requested.push(request.url()));
  const release = await holdPageScripts(page);
  await page.goto("/sign-in", { waitUntil: "commit" });
  const password = page.getByLabel("Password");
  await expect(password).toBeAttached();
  const signingIn = (async () => {
    await page.getByLabel("Username").fill(adminUsername);
    await password.fill(adminPassword());
    await page.getByRole("button", { name: "Sign in" }).click();
  })();
  // Either the form refuses input until hydrated, or the bare form has been submitted natively.
  await expect
    .poll(
      async () => (await password.isDisabled().catch(() => false)) || requested.some((u) => u.includes("password=")),
    )
    .toBe(true);
  release();
  await signingIn;
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  expect(requested.filter((u) => u.includes(encodeURIComponent(adminPassword())) || u.includes("password="))).toEqual(
    [],
  );
});

test("a wrong password shows an error and stays on the sign-in page", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Username").fill(adminUsername);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();

  // Filtered: Next's route announcer is an (empty) alert too.
  await expect(page.getByRole("alert").filter({ hasText: "Wrong" })).toHaveText(
    "Wrong username or password, or the user is disabled.",
  );
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("signing out ends the session and the console asks to sign in again", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Username").fill(adminUsername);
  await page.getByLabel("Password").fill(adminPassword());
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  expect((await page.context().cookies()).filter((c) => c.name === "pitcrew_session")).toEqual([]);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in\?next=%2F$/);
});

test("tRPC answers 401 without credentials and serves an API token holder", async ({ request }) => {
  const anonymous = apiClient(request, "session"); // signed-out storage state: no cookie either
  expect((await refusalOf(anonymous.host.list.query())).status).toBe(401);

  const hosts = await apiClient(request).host.list.query(); // the admin's API token
  expect(hosts.map((h) => h.name)).toEqual(["backup", "prod"]);
});

test("after five failed sign-ins for one user name the page says to wait, instead of trying again", async ({
  page,
}) => {
  // A name nobody has: the lock counts unknown names too, and no other test signs in with it.
  await page.goto("/sign-in");
  await page.getByLabel("Username").fill("e2e-locked-out");
  await page.getByLabel("Password").fill("guess");
  const signIn = page.getByRole("button", { name: "Sign in" });
  for (let i = 0; i < 5; i++) {
    await signIn.click();
    await expect(page.getByRole("alert").filter({ hasText: "Wrong" })).toBeVisible();
    await expect(signIn).toBeEnabled();
  }

  await signIn.click();
  await expect(page.getByRole("alert").filter({ hasText: "Too many" })).toHaveText(
    "Too many failed sign-ins for user e2e-locked-out: try again in 15 minutes.",
  );
});
