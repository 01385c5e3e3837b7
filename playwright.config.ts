// E2E tests against the production build (`npx next build` first) with real agents: globalSetup
// (e2e/support/global-setup.ts) starts the console on a free port and two agents on a demo SAN,
// and hands the URL to the workers in E2E_BASE_URL. Browser: Debian's Chromium, because
// Playwright's own browser download needs network this machine does not have.
import { defineConfig, devices } from "@playwright/test";
import { adminStorageState, testResultsDir } from "./e2e/support/run-dirs";

const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export default defineConfig({
  testDir: "e2e",
  outputDir: testResultsDir,
  globalSetup: "./e2e/support/global-setup.ts",
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  // One console and one set of agents for every test: run them one at a time.
  workers: 1,
  timeout: 90_000,
  reporter: [["list"]],
  // Unset in the runner process (globalSetup has not run when the config first loads); set in
  // the workers, which load this file again after globalSetup.
  use: { baseURL: process.env.E2E_BASE_URL, trace: "retain-on-failure" },
  projects: [
    // Signs in through the real form once; the chromium project reuses the cookie.
    { name: "setup", testMatch: /auth\.setup\.ts$/, use: { launchOptions } },
    {
      name: "chromium",
      dependencies: ["setup"],
      use: {
        ...devices["Desktop Chrome"],
        storageState: adminStorageState,
        launchOptions,
      },
    },
  ],
});
