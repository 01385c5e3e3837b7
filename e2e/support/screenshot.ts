// Full-page screenshots of the main pages, kept as test artifacts in one fixed folder
// (test-results/screenshots/<name>.png; Playwright clears test-results only when a run starts)
// and attached to the test's report.
import path from "node:path";
import type { Page, TestInfo } from "@playwright/test";

export const SCREENSHOT_DIR = path.join("test-results", "screenshots");

export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}
