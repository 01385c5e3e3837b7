// E2E tests against the production build (`npm run build` first) on Debian's Chromium: Playwright's
// own browser download needs network this machine does not have (spec/stack.md).
import { defineConfig, devices } from "@playwright/test";
import { adminPassword, adminStorageState, adminToken } from "./e2e/support/admin-credentials";

const port = 3100;
const baseURL = `http://127.0.0.1:${port}`;
const databaseUrl = process.env.E2E_DATABASE_URL ?? "file:./data/e2e.db";
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
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  reporter: [["list"]],
  use: { baseURL, trace: "retain-on-failure" },
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
  webServer: {
    command: `npx tsx e2e/support/reset-db.ts && npx next start -H 127.0.0.1 -p ${port}`,
    // A static asset, not "/": the readiness probe must not query the database.
    url: `${baseURL}/icon.svg`,
    // Never on CI: a leftover server would be silently reused with the wrong database.
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    // instrumentation.ts creates the admin from these at first start (fresh database every run).
    env: {
      DATABASE_URL: databaseUrl,
      NEXT_TELEMETRY_DISABLED: "1",
      PITCREW_ADMIN_PASSWORD: adminPassword,
      PITCREW_ADMIN_TOKEN: adminToken,
    },
  },
});
