import { type APIRequestContext, expect, test } from "@playwright/test";
import { trpcMutation, trpcQuery } from "./support/trpc-api";

test.use({ storageState: { cookies: [], origins: [] } });

async function createViewer(request: APIRequestContext): Promise<{ username: string; password: string }> {
  const viewer = { username: `viewer-${Date.now().toString(36)}`, password: "viewer-password-e2e-1" };
  const res = await trpcMutation(request, "auth.users.create", { ...viewer, role: "viewer" });
  expect(res.status, res.error?.message).toBe(200);
  return viewer;
}

test("a viewer sees the estate but no action buttons, and a forced request is refused", async ({ page, request }) => {
  const viewer = await createViewer(request);
  await page.goto("/sign-in");
  await page.getByLabel("Username").fill(viewer.username);
  await page.getByLabel("Password").fill(viewer.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await expect(page.getByLabel("Signed in user")).toContainText(`${viewer.username} (viewer)`);

  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Jobs" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Audit log" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Users & tokens" })).toHaveCount(0);

  await page.goto("/hosts");
  await expect(page.getByRole("table", { name: "Hosts known to this console" })).toContainText("prod");
  await expect(page.getByRole("button", { name: "Create enrolment token" })).toHaveCount(0);
  await page.goto("/hosts/prod");
  await expect(page.getByRole("heading", { level: 1, name: "Host prod" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Revoke agent credential" })).toHaveCount(0);

  const jobs = await trpcQuery<{ id: string }[]>(request, "job.list", { limit: 1 });
  if (jobs[0]) {
    await page.goto(`/jobs/${jobs[0].id}`);
    await expect(page.getByTestId("job-state")).toBeVisible();
    await expect(page.getByRole("button", { name: "Cancel job" })).toHaveCount(0);
  }

  // The browser's own session cookie, as a page script would send it: the API checks the role.
  const enable = await page.request.post("/api/trpc/set.enable", {
    data: {
      host: "prod",
      type: "ind",
      master: "production/vol02",
      shadow: "backup/vol02",
      bitmap: "production/vol02.bmp",
      group: null,
    },
  });
  expect(enable.status()).toBe(403);
  const enrol = await page.request.post("/api/trpc/host.createEnrolmentToken", { data: {} });
  expect(enrol.status()).toBe(403);
  const revoke = await page.request.post("/api/trpc/host.revokeCredentials", { data: { name: "prod" } });
  expect(revoke.status()).toBe(403);
});
