// `pitcrew runbook delete NAME` against a stand-in console that answers tRPC over HTTP the way the
// real one does (server/runbooks/delete-runbook.test.ts tests the console's side): what the
// operator reads and the exit status (0 deleted, 1 refused, 2 usage).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { runRunbook } from "./runbook";

const REFUSAL =
  "runbook nightly has run cm1run that failed at step backup and can still be resumed; snapshot disk group snap is held by host backup, " +
  "not production host prod: resume it to the end, or cancel it to abandon it (pitcrew runbook cancel cm1run), before deleting the runbook";

describe("pitcrew runbook delete NAME", () => {
  let server: Server;
  let url: string;
  const requests: { path: string; body: unknown; auth: string | undefined }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let text = "";
      req.on("data", (chunk: Buffer) => {
        text += chunk.toString();
      });
      req.on("end", () => {
        const body = JSON.parse(text || "null") as { name?: string } | null;
        requests.push({ path: req.url ?? "", body, auth: req.headers.authorization });
        const reply = (status: number, payload: unknown) => {
          res.writeHead(status, { "content-type": "application/json" });
          res.end(JSON.stringify(payload));
        };
        // tRPC 11's JSON envelope (no transformer): result.data, or error with data.code.
        if (body?.name === "nightly")
          reply(409, {
            error: {
              message: REFUSAL,
              code: -32009,
              data: { code: "CONFLICT", httpStatus: 409, path: "runbook.delete" },
            },
          });
        else if (body?.name === "weekly")
          reply(200, { result: { data: { name: "weekly", keptRuns: 4, keptArchives: 2 } } });
        else
          reply(404, {
            error: {
              message: `runbook: ${body?.name} not found`,
              code: -32004,
              data: { code: "NOT_FOUND", httpStatus: 404, path: "runbook.delete" },
            },
          });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  afterEach(() => {
    requests.length = 0;
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  async function cli(...argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
    vi.stubEnv("PITCREW_URL", url);
    vi.stubEnv("PITCREW_TOKEN", "pct_test");
    let stdout = "";
    let stderr = "";
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      stdout += String(chunk);
      return true;
    });
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      stderr += String(chunk);
      return true;
    });
    const status = await runRunbook(argv);
    vi.restoreAllMocks();
    return { status, stdout, stderr };
  }

  it("deletes the runbook and says what stays, exit 0", async () => {
    expect(await cli("delete", "weekly")).toEqual({
      status: 0,
      stdout: "runbook weekly deleted; its 4 run(s) and 2 archive(s) stay as history\n",
      stderr: "",
    });
    expect(requests).toEqual([{ path: "/api/trpc/runbook.delete", body: { name: "weekly" }, auth: "Bearer pct_test" }]);
  });

  it("prints the console's refusal, naming the run to resume or cancel, exit 1", async () => {
    expect(await cli("delete", "nightly")).toEqual({
      status: 1,
      stdout: "",
      stderr: `pitcrew runbook: error: ${REFUSAL}\n`,
    });
  });

  it("an unknown runbook is refused by name, exit 1", async () => {
    expect(await cli("delete", "gone")).toMatchObject({
      status: 1,
      stderr: "pitcrew runbook: error: runbook: gone not found\n",
    });
  });

  it("without exactly one NAME, or with --wait or --without-backup-host, it is a usage error and nothing is sent, exit 2", async () => {
    for (const argv of [
      ["delete"],
      ["delete", "a", "b"],
      ["delete", "weekly", "--wait"],
      ["delete", "weekly", "--without-backup-host"],
    ]) {
      const r = await cli(...argv);
      expect(r.status, argv.join(" ")).toBe(2);
      expect(r.stderr).toMatch(
        /^pitcrew runbook: (delete takes one runbook NAME|--wait goes with run, resume or rejoin|--without-backup-host goes with rejoin)\n/,
      );
      expect(r.stderr).toContain("delete NAME           delete a runbook (its runs and archives stay as history)");
    }
    expect(requests).toEqual([]);
  });
});
