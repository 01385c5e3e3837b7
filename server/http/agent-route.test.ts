import "@/server/jobs/test-database"; // first: gives this file its own database
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createEnrolmentToken } from "@/server/agents/create-enrolment-token";
import { enrolAgent } from "@/server/agents/enrol-agent";
import { AppError } from "@/server/errors";
import { agentRoute, anonymousAgentRoute } from "@/server/http/agent-route";
import { resetJobTables } from "@/server/jobs/test-fixtures";

const schemas = { request: z.object({ name: z.string() }), response: z.object({ greeting: z.string() }) };

function post(route: ReturnType<typeof agentRoute>, body: unknown, headers: Record<string, string> = {}) {
  const req = new Request("http://x/api/agent/v1/test", { method: "POST", headers, body: JSON.stringify(body) });
  return route(req, { params: Promise.resolve({ jobId: "j1" }) });
}

describe("agentRoute", () => {
  let credential: string;

  beforeEach(async () => {
    await resetJobTables();
    const { token } = await createEnrolmentToken({ ttlSeconds: 60 });
    ({ credential } = await enrolAgent({ enrolmentToken: token, hostName: "db-01", agentVersion: "1", protocolVersion: 1 }));
  });

  afterEach(() => vi.restoreAllMocks());

  it("passes the parsed input, params, host and caller address to the handler", async () => {
    const route = agentRoute(schemas, async ({ input, params, agent, fromAddress }) =>
      ({ greeting: `${input.name} ${params.jobId} ${agent.hostName} ${fromAddress}` }));

    const res = await post(route, { name: "hi" }, { authorization: `Bearer ${credential}`, "x-forwarded-for": "10.0.0.7, 10.0.0.1" });

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ greeting: "hi j1 db-01 10.0.0.7" });
  });

  it("checks the credential before the body", async () => {
    const handler = vi.fn(async () => ({ greeting: "x" }));

    const res = await post(agentRoute(schemas, handler), { wrong: true });

    expect(res.status).toBe(401);
    expect(handler).not.toHaveBeenCalled();
  });

  it("maps AppError codes to HTTP statuses", async () => {
    const route = anonymousAgentRoute(schemas, async () => {
      throw new AppError("NOT_FOUND", "Job j1 not found on this host");
    });

    const res = await post(route, { name: "x" });

    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "NOT_FOUND", message: "Job j1 not found on this host" } });
  });

  it("answers 500 with a generic message to an unexpected error and to a response that breaks its schema, and logs the detail", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const throwing = anonymousAgentRoute(schemas, async () => {
      throw new Error("disk on fire at /secret/path");
    });
    const malformed = anonymousAgentRoute(schemas, async () => ({ greeting: 42 }) as unknown as { greeting: string });

    for (const route of [throwing, malformed]) {
      const res = await post(route, { name: "x" });
      expect(res.status).toBe(500);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("INTERNAL");
      expect(body.error.message).not.toMatch(/secret|greeting/);
    }
    expect(log).toHaveBeenCalledTimes(2);
  });
});
