import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { createConsoleClient, describeConsoleError } from "./console-client";

const refused = (data: Record<string, unknown>) =>
  new TRPCClientError('[\n  {\n    "code": "custom" … ]', { result: { error: { data } } } as never);

describe("describeConsoleError", () => {
  it("shows a schema refusal as field: message, not tRPC's JSON dump", () => {
    const err = refused({
      code: "BAD_REQUEST",
      zodError: {
        formErrors: [],
        fieldErrors: { volumes: ['volume "/san/a\\n" contains newline (U+000A) at character 7'] },
      },
    });
    expect(describeConsoleError(err)).toBe('volumes: volume "/san/a\\n" contains newline (U+000A) at character 7');
  });

  it("keeps the console's own message for other refusals", () => {
    expect(describeConsoleError(refused({ code: "NOT_FOUND", zodError: null }))).toBe(
      '[\n  {\n    "code": "custom" … ]',
    );
  });
});

describe("a console behind a load balancer that loses a request", () => {
  /** A real HTTP server answering each request with the next of `answers`, counting them. */
  async function balancer(answers: ("502" | "reset" | "ok")[]) {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url?.split("?")[0]}`);
      const answer = answers.shift() ?? "ok";
      if (answer === "reset") return req.socket.destroy();
      if (answer === "502") {
        res.writeHead(502, { "content-type": "text/html" });
        return res.end("<html><body><h1>502 Bad Gateway</h1></body></html>");
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ result: { data: [] } }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { client: createConsoleClient({ url, token: "pct_x" }), seen, url, close: () => server.close() };
  }

  it("asks a read again after a 502 and a dropped connection, and gets the answer", async () => {
    const b = await balancer(["502", "reset", "ok"]);
    try {
      expect(await b.client.host.list.query()).toEqual([]);
      expect(b.seen).toEqual(["GET /api/trpc/host.list", "GET /api/trpc/host.list", "GET /api/trpc/host.list"]);
    } finally {
      b.close();
    }
  });

  it("never sends a change twice: a 502 on a mutation is reported, naming the balancer", async () => {
    const b = await balancer(["502", "ok"]);
    try {
      const failed = await b.client.runbook.approve.mutate({ id: "run-1" }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(b.seen.filter((s) => s.startsWith("POST"))).toEqual(["POST /api/trpc/runbook.approve"]);
      expect(describeConsoleError(failed, { url: b.url, token: "pct_x" })).toBe(
        `cannot reach the console at ${b.url}: the address answered 502 for the console (a load balancer with no console behind it?)`,
      );
    } finally {
      b.close();
    }
  });
});
