import { describe, expect, it } from "vitest";
import { AGENT_API_PREFIX, PROTOCOL_VERSION } from "@/lib/agent-protocol";
import { ApiError, createApiClient } from "./api-client";

type Call = { url: string; init: RequestInit };

function fakeFetch(responses: (() => Response | Promise<Response>)[]) {
  const calls: Call[] = [];
  const fn = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    const next = responses.shift();
    if (!next) throw new Error("no more responses");
    return next();
  }) as typeof fetch;
  return { fn, calls };
}

const json = (status: number, body: unknown) => () =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const hb = { agentVersion: "0.1.0", protocolVersion: PROTOCOL_VERSION };

describe("api client", () => {
  it("posts to the v1 routes with the bearer credential and parses responses", async () => {
    const { fn, calls } = fakeFetch([json(200, { job: null }), json(200, { ok: true })]);
    const api = createApiClient({ consoleUrl: "http://c:3000/", fetch: fn, credential: "secret" });
    expect(await api.claim({ waitSeconds: 5 })).toEqual({ job: null });
    await api.finish("job/1", { attempt: 1, outcome: "succeeded" });
    expect(calls.map((c) => c.url)).toEqual([
      `http://c:3000${AGENT_API_PREFIX}/claim`,
      `http://c:3000${AGENT_API_PREFIX}/jobs/job%2F1/finish`,
    ]);
    expect((calls[0]!.init.headers as Record<string, string>).authorization).toBe("Bearer secret");
  });

  it("carries the console's status and error code; 4xx is not retried", async () => {
    const { fn, calls } = fakeFetch([json(401, { error: { code: "UNAUTHORIZED", message: "revoked" } })]);
    const api = createApiClient({ consoleUrl: "http://c", fetch: fn, backoffMs: 1 });
    const err = await api.heartbeat(hb).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
    expect((err as Error).message).toMatch(/revoked/);
    expect(calls).toHaveLength(1);
  });

  it("retries heartbeat on network errors and 5xx with backoff", async () => {
    const { fn, calls } = fakeFetch([
      () => {
        throw new TypeError("fetch failed");
      },
      json(503, { error: { code: "UNAVAILABLE", message: "later" } }),
      json(200, { serverTime: 1, cancelJobIds: [], wantInventory: true }),
    ]);
    const api = createApiClient({ consoleUrl: "http://c", fetch: fn, backoffMs: 1 });
    expect(await api.heartbeat(hb)).toMatchObject({ wantInventory: true });
    expect(calls).toHaveLength(3);
  });

  it("rejects a response that does not match the protocol", async () => {
    const { fn } = fakeFetch([json(200, { nope: 1 })]);
    const api = createApiClient({ consoleUrl: "http://c", fetch: fn, attempts: 1 });
    await expect(api.claim({ waitSeconds: 0 })).rejects.toMatchObject({ code: "BAD_RESPONSE" });
  });
});
