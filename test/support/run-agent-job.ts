// Test support: runs one job as an agent does once it has claimed it (agent/job-runner.ts JobRun),
// in process, against a FakeConsole, with an engine on its own state directory; without the
// claim loop. Resolves to the outcome; the finish, its result and the events are on the fake.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { ConfigStore } from "@/engine/config-store";
import type { EngineContext } from "@/engine/engine-context";
import { inProcessLauncher } from "@/engine/run-set-copies";
import { JobRun, type JobOutcome, type JobRunnerDeps } from "@/agent/job-runner";
import type { FakeConsole } from "@/test/support/fake-console";

export interface TestJob {
  id: string;
  kind: string;
  args: Record<string, unknown>;
}

export type TestJobHost = Omit<JobRunnerDeps, "api" | "engine" | "log"> & {
  api: FakeConsole;
  /** The engine's state directory (sets, bitmaps, disk-group locks) of this host. */
  stateDir: string;
};

export function runAgentJob(job: TestJob, { api, stateDir, ...deps }: TestJobHost): Promise<JobOutcome> {
  const config = new ConfigStore(stateDir);
  const engine: EngineContext = {
    stateDir: config.stateDir,
    config,
    launcher: inProcessLauncher(config.stateDir, config),
    hostName: deps.hostName,
    warn: () => {},
  };
  const claimed = { ...job, attempt: 1, leaseExpiresAt: 0, deadlineAt: 0 };
  return new JobRun(claimed, { log: () => {}, retryBackoffMs: 10, ...deps, api, engine }).run();
}

/** The SHA-256 of a file's bytes, hex: what a test compares a copy or an archive with. */
export async function fileSha256(file: string): Promise<string> {
  return createHash("sha256")
    .update(await readFile(file))
    .digest("hex");
}
