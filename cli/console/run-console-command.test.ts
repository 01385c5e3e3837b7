import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TRPCClientError } from "@trpc/client";
import type { JobDetail } from "@/server/jobs/job-select";
import { CommandUsageError, runConsoleCommand } from "./run-console-command";
import { JobDidNotSucceed } from "./watch-job";

const job = (state: string): JobDetail =>
  ({
    id: "job1",
    hostId: "h1",
    hostName: "prod",
    kind: "dg.deport",
    state,
    phase: null,
    progress: null,
    attempt: 1,
    requestedById: null,
    createdAt: "",
    startedAt: null,
    finishedAt: null,
    cancelRequestedAt: null,
    args: {},
    error:
      state === "cancelled"
        ? null
        : { code: state === "interrupted" ? "AGENT_SILENT" : "DG_EINUSE", message: `job ${state}`, object: "backup" },
  }) as unknown as JobDetail;

describe("runConsoleCommand exit statuses", () => {
  let stderr: string;
  beforeEach(() => {
    vi.stubEnv("PITCREW_URL", "http://127.0.0.1:9");
    vi.stubEnv("PITCREW_TOKEN", "pct_test");
    stderr = "";
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      stderr += String(chunk);
      return true;
    });
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });
  const exitOf = (err: unknown) => runConsoleCommand("pitcrew dg", "usage\n", () => Promise.reject(err));

  it("exits 2 for a job that ended failed, interrupted or cancelled on the host, naming its error", async () => {
    for (const state of ["failed", "interrupted", "cancelled"]) {
      expect(await exitOf(new JobDidNotSucceed(job(state)))).toBe(2);
    }
    expect(stderr).toContain("pitcrew dg: error: job interrupted (AGENT_SILENT)");
    expect(stderr).toContain("ended cancelled");
  });

  it("exits 1 for a console refusal and 2 for a usage error", async () => {
    const refusal = new TRPCClientError("host: no-such-host not found", {
      result: { error: { data: { code: "NOT_FOUND" } } },
    } as never);
    expect(await exitOf(refusal)).toBe(1);
    expect(await exitOf(new CommandUsageError("a command is missing"))).toBe(2);
  });
});
