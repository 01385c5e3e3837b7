// Starts the real installation the e2e tests run against (docs/architecture.md §10 rule 10): `next start` on the
// production build with its own SQLite file, and two real agents, prod and backup, on a temporary
// demo SAN whose disk groups (production, backup) are imported on prod — test/support/console-cluster.ts,
// the same fixture as the integration tests. Run `next build` first.
//
// Workers are started after this and inherit process.env, so the URL and the admin's secrets
// travel to the tests (and to playwright.config.ts's baseURL, which workers evaluate again) that way.
import type { FullConfig } from "@playwright/test";
import { ConsoleCluster } from "../../test/support/console-cluster";
import { serveAgentControl } from "./agent-control";

export default async function globalSetup(_config: FullConfig) {
  const cluster = await ConsoleCluster.start({ hosts: ["prod", "backup"], demoSanOwner: "prod" });
  process.env.E2E_BASE_URL = cluster.url;
  process.env.E2E_ADMIN_PASSWORD = cluster.password;
  process.env.E2E_ADMIN_TOKEN = cluster.token;
  process.env.E2E_SAN_DIR = cluster.sanDir;
  const agentControl = await serveAgentControl(cluster);
  process.env.E2E_AGENT_CONTROL_URL = agentControl.url;
  console.log(`e2e console ${cluster.url} with agents prod and backup (data in ${cluster.dataDir})`);
  return async () => {
    await agentControl.close();
    await cluster.stop();
  };
}
