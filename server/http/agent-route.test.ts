import "@/test/support/test-database"; // first: gives this file its own database
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createEnrolmentToken } from "@/server/agents/create-enrolment-token";
import { enrolAgent } from "@/server/agents/enrol-agent";
import { AppError } from "@/server/errors";
import { agentRoute, anonymousAgentRoute } from "@/server/http/agent-route";
import { PEER_HEADER } from "@/server/http/peer-address";
import { resetJobTables } from "@/test/support/test-fixtures";

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
    ({ credential } = await enrolAgent({
      enrolmentToken: token,
      hostName: "db-01",
      agentVersion: "1",
      protocolVersion: 1,
    }));
  });

  afterEach(() => vi.restoreAllMocks());

  it("passes the parsed input, params, host and caller address to the handler", async () => {
    const route = agentRoute(schemas, async ({ input, params, agent, fromAddress }) => ({
      greeting: `${input.name} ${params.jobId} ${agent.hostName} ${fromAddress}`,
    }));

    // The peer is no trusted proxy (PITCREW_TRUSTED_PROXIES is unset): its X-Forwarded-For is not believed.
    const res = await post(
      route,
      { name: "hi" },
      { authorization: `Bearer ${credential}`, [PEER_HEADER]: "10.0.0.7", "x-forwarded-for": "10.9.9.9" },
    );

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ greeting: "hi j1 db-01 10.0.0.7" });
  });

  it("refuses a body over the route's limit with 413 before the handler, the anonymous route's limit being small", async () => {
    const handler = vi.fn(async () => ({ greeting: "x" }));
    const name = "x".repeat(20 * 1024);

    const anonymous = await post(anonymousAgentRoute(schemas, handler), { name });
    const small = await post(
      agentRoute({ ...schemas, bodyLimit: { maxBytes: 1024, carries: "a test greeting" } }, handler),
      { name },
      { authorization: `Bearer ${credential}` },
    );
    const withinDefault = await post(agentRoute(schemas, handler), { name }, { authorization: `Bearer ${credential}` });

    expect(anonymous.status).toBe(413);
    expect(await anonymous.json()).toEqual({
      error: {
        code: "PAYLOAD_TOO_LARGE",
        message: expect.stringMatching(
          /^request body: more than 16384 bytes, over the 16 KiB limit for agent enrolment$/,
        ),
      },
    });
    expect(small.status).toBe(413);
    expect(await small.json()).toEqual({
      error: {
        code: "PAYLOAD_TOO_LARGE",
        message: expect.stringMatching(/over the 1 KiB limit for a test greeting \(from host /),
      },
    });
    expect(withinDefault.status).toBe(200);
    expect(handler).toHaveBeenCalledTimes(1);
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
