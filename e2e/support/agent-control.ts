// Lets a test take a real agent down and bring it back, as an operator loses and restores a host.
// The agents belong to global-setup.ts's ConsoleCluster, in the runner process; the test workers
// reach it through a small HTTP endpoint on 127.0.0.1 (E2E_AGENT_CONTROL_URL). Workers run one at
// a time (playwright.config.ts), so no other test sees the agent gone.
import { createServer, type Server } from "node:http";
import { type APIRequestContext, expect } from "@playwright/test";
import type { ConsoleCluster } from "../../test/support/console-cluster";

/** Serves POST /agents/HOST/kill (SIGKILL, no goodbye) and /agents/HOST/start (back, with a fresh inventory). */
export async function serveAgentControl(cluster: ConsoleCluster): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const m = /^\/agents\/([a-z0-9-]+)\/(kill|start)$/.exec(req.url ?? "");
    if (req.method !== "POST" || !m) {
      res.writeHead(404).end();
      return;
    }
    const host = m[1]!;
    const verb = m[2] as "kill" | "start";
    const act =
      verb === "kill"
        ? cluster.killAgent(host)
        : (async () => {
            const since = Date.now();
            await cluster.startAgent(host);
            await cluster.waitForInventory(host, since);
          })();
    act.then(
      () => res.writeHead(204).end(),
      (err: Error) => res.writeHead(500).end(err.message),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function control(request: APIRequestContext, host: string, verb: "kill" | "start"): Promise<void> {
  const base = process.env.E2E_AGENT_CONTROL_URL;
  if (!base) throw new Error("E2E_AGENT_CONTROL_URL is not set: run the e2e tests through playwright.config.ts");
  const res = await request.post(`${base}/agents/${host}/${verb}`, { timeout: 90_000 });
  expect(res.status(), `${verb} agent ${host}: ${await res.text()}`).toBe(204);
}

export const killAgent = (request: APIRequestContext, host: string) => control(request, host, "kill");
export const startAgent = (request: APIRequestContext, host: string) => control(request, host, "start");
