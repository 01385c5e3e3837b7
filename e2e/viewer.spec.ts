import { type APIRequestContext, expect, test } from "@playwright/test";
import { apiClient } from "./support/trpc-client";
import { refusalOf } from "./support/trpc-refusal";

test.use({ storageState: { cookies: [], origins: [] } });

async function createViewer(request: APIRequestContext): Promise<{ username: string; password: string }> {
  const viewer = { username: `viewer-${Date.now().toString(36)}`, password: "viewer-password-e2e-1" };
  await apiClient(request).auth.users.create.mutate({ ...viewer, role: "viewer" });
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

  const jobs = await apiClient(request).job.list.query({ limit: 1 });
  if (jobs[0]) {
    await page.goto(`/jobs/${jobs[0].id}`);
    await expect(page.getByTestId("job-state")).toBeVisible();
    await expect(page.getByRole("button", { name: "Cancel job" })).toHaveCount(0);
  }

  // The browser's own session cookie, as a page script would send it: the API checks the role.
  const asViewer = apiClient(page.request, "session");
  const enable = asViewer.set.enable.mutate({
    host: "prod",
    type: "ind",
    master: "production/vol02",
    shadow: "backup/vol02",
    bitmap: "production/vol02.bmp",
    group: null,
  });
  expect((await refusalOf(enable)).status).toBe(403);
  expect((await refusalOf(asViewer.host.createEnrolmentToken.mutate({}))).status).toBe(403);
  expect((await refusalOf(asViewer.host.revokeCredentials.mutate({ name: "prod" }))).status).toBe(403);
});
