// Full-page screenshots of the main pages, kept as test artifacts in one fixed folder
// (test-results/screenshots/<name>.png, or test-results-<dist>/ for a run on its own Next build:
// e2e/support/run-dirs.ts; Playwright clears that folder only when a run starts)
// and attached to the test's report.
import path from "node:path";
import type { Page, TestInfo } from "@playwright/test";
import { testResultsDir } from "./run-dirs";

export const SCREENSHOT_DIR = path.join(testResultsDir, "screenshots");

export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}
