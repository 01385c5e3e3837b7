import { expect, test } from "@playwright/test";

// The pages work under their Content-Security-Policy (proxy.ts, lib/security-headers.ts): the
// browser reports no violation on any page of the sidebar, and the pages hydrate (a client-side
// navigation works). A violation shows up as a console error naming the policy.
test("every page runs under the CSP without a violation and still hydrates", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content[- ]Security[- ]Policy/i.test(message.text()))
      violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(
        `Content-Security-Policy violation: ${e.violatedDirective} ${e.blockedURI} at ${location.pathname} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`,
      ),
    );
  });

  const response = await page.goto("/");
  expect(response?.headers()["content-security-policy"]).toMatch(/'nonce-[^']+'/);
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const label of [
    "Hosts",
    "Disk groups",
    "Volume sets",
    "Jobs",
    "Bitmap planner",
    "Audit log",
    "Users & tokens",
    "Overview",
  ]) {
    await nav.getByRole("link", { name: label }).click();
    await expect(nav.getByRole("link", { name: label })).toHaveAttribute("aria-current", "page");
  }
  await page.goto("/sets");
  await page.goto("/runbooks");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(violations).toEqual([]);
});
