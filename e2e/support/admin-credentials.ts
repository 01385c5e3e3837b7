// The first-start admin of the e2e console. e2e/support/global-setup.ts starts a ConsoleCluster
// (random password and API token) and passes them to the test workers in the environment; they
// are read when a test runs, never when the config loads (before the cluster exists).
export const adminUsername = "admin";

function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(
      `${name} is not set: run the e2e tests through playwright.config.ts (its globalSetup starts the console)`,
    );
  return value;
}

export const adminPassword = (): string => required("E2E_ADMIN_PASSWORD");
export const adminToken = (): string => required("E2E_ADMIN_TOKEN");
/** The demo SAN directory the agents' disk-group roots point at. */
export const sanDir = (): string => required("E2E_SAN_DIR");
