// The agent's second lane (agent-loop.ts): while a job runs, a resume hook queued for the host is
// claimed and run beside it, so a runbook can let the application write again while its update
// still copies from clones; anything else waits for the running job.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Agent } from "./agent-loop";
import { parseConfig } from "./config";
import { FakeConsole } from "@/test/support/fake-console";
import { createTempSan, type TempSan } from "@/test/support/temp-san";

const HOST = "host-r";

let san: TempSan;
let fake: FakeConsole;
let agent: Agent;
let running: Promise<void>;
const lines: string[] = [];

beforeAll(async () => {
  san = await createTempSan(HOST, 1 << 20);
  fake = new FakeConsole();
  const config = parseConfig({
    consoleUrl: "http://console.invalid",
    hostName: HOST,
    enrolmentToken: fake.enrolmentToken,
    stateDir: san.stateDir,
    diskGroupRoots: [san.root],
    heartbeatSeconds: 1,
    claimWaitSeconds: 1,
    freezeBudgetSeconds: 60,
    hooks: {
      freeze: { argv: ["/bin/true"], timeoutSeconds: 5 },
      thaw: { argv: ["/bin/true"], timeoutSeconds: 5 },
      slow: { argv: ["/bin/sleep", "4"], timeoutSeconds: 10 },
    },
  });
  agent = new Agent({ config, api: fake, log: (l) => lines.push(l), retryBackoffMs: 50 });
  running = agent.run();
});

afterAll(async () => {
  agent?.stop();
  await running;
  await san.cleanup();
});

describe("the resume lane beside a running job", () => {
  it("runs a resume hook while another job runs, and leaves other jobs queued until that job ends", async () => {
    fake.addJob("q1", "hook.run", {
      hook: "freeze",
      purpose: "quiesce",
      resumeHook: "thaw",
      freezeBudgetSeconds: null,
    });
    expect((await fake.waitFinished("q1")).outcome).toBe("succeeded");
    expect(agent.freezeGuard.state).not.toBeNull();

    fake.addJob("long", "hook.run", { hook: "slow", purpose: "run" });
    await fake.until(() => fake.heartbeats.some((h) => h.runningJobs.some((j) => j.jobId === "long")));
    fake.addJob("other", "hook.run", { hook: "freeze", purpose: "run" });
    fake.addJob("r1", "hook.run", { hook: "thaw", purpose: "resume" });

    const resumed = await fake.waitFinished("r1");
    expect(resumed).toMatchObject({ outcome: "succeeded", result: { purpose: "resume", resumedByAgent: null } });
    expect((resumed.result as { frozenMs: number }).frozenMs).toBeGreaterThanOrEqual(0);
    expect(agent.freezeGuard.state).toBeNull();
    // The resume ended while the long job still ran, and the other job had not been claimed.
    expect(fake.finished.has("long")).toBe(false);
    expect(fake.queue.map((j) => j.id)).toEqual(["other"]);
    expect(fake.claims.some((c) => c.only === "resume")).toBe(true);

    expect((await fake.waitFinished("long")).outcome).toBe("succeeded");
    expect((await fake.waitFinished("other")).outcome).toBe("succeeded");
  });
});
