import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeConsole } from "@/test/support/fake-console";
import { FreezeGuard } from "@/agent/freeze-guard";
import { runHook, type HookTable } from "@/agent/run-hook";
import { runAgentJob } from "@/test/support/run-agent-job";

describe("hook.run and the freeze guard", () => {
  let dir: string;
  let hooks: HookTable;
  let guard: FreezeGuard;
  let logs: string[];
  const fake = new FakeConsole();
  fake.setCredential(fake.issuedCredential);
  const mark = (name: string) => path.join(dir, name);

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "pitcrew-hooks-"));
    // Real programs, run without a shell: the markers show which hooks ran.
    hooks = {
      freeze: { argv: ["touch", mark("frozen")], timeoutSeconds: 5 },
      thaw: { argv: ["touch", mark("thawed")], timeoutSeconds: 5 },
      broken: { argv: ["sh", "-c", "echo cannot freeze /data >&2; exit 3"], timeoutSeconds: 5 },
      slow: { argv: ["sleep", "5"], timeoutSeconds: 0.2 },
    };
    logs = [];
    guard = new FreezeGuard(
      async (hook) => void (await runHook(hooks, hook)),
      (line) => logs.push(line),
    );
  });
  afterEach(() => {
    guard.disarm();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (id: string, args: Record<string, unknown>, freezeBudgetMs = 5000) =>
    runAgentJob(
      { id, kind: "hook.run", args },
      {
        api: fake,
        stateDir: path.join(dir, "state"),
        hostName: "prod",
        roots: [dir],
        hooks,
        freezeBudgetMs,
        freezeGuard: guard,
      },
    );

  it("quiesces, then resumes in another job, reporting how long the application was frozen", async () => {
    expect(await run("q1", { hook: "freeze", purpose: "quiesce", resumeHook: "thaw" })).toBe("succeeded");
    expect(existsSync(mark("frozen"))).toBe(true);
    expect(guard.state?.resumeHook).toBe("thaw");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await run("r1", { hook: "thaw", purpose: "resume" })).toBe("succeeded");
    expect(existsSync(mark("thawed"))).toBe(true);
    const result = fake.finished.get("r1")!.result as { frozenMs: number; resumedByAgent: unknown };
    expect(result.frozenMs).toBeGreaterThanOrEqual(50);
    expect(result.resumedByAgent).toBeNull();
    expect(guard.state).toBeNull();
  });

  it("thaws by itself when the freeze budget runs out, and the late resume says so instead of failing", async () => {
    expect(await run("q2", { hook: "freeze", purpose: "quiesce", resumeHook: "thaw" }, 150)).toBe("succeeded");
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(existsSync(mark("thawed"))).toBe(true);
    expect(logs.join("\n")).toMatch(/thawed by the agent: the freeze budget of 0.15 s ran out; ran hook thaw/);
    expect(await run("r2", { hook: "thaw", purpose: "resume" })).toBe("succeeded");
    expect(fake.finished.get("r2")!.result).toMatchObject({
      resumedByAgent: { resumeHook: "thaw", reason: "the freeze budget of 0.15 s ran out", error: null },
    });
  });

  it("runs the resume hook when the quiesce hook fails, and fails naming the hook and its output", async () => {
    expect(await run("q3", { hook: "broken", purpose: "quiesce", resumeHook: "thaw" })).toBe("failed");
    expect(fake.finished.get("q3")?.error).toMatchObject({
      code: "HOOK_EFAILED",
      object: "hook broken",
      message: "hook broken exited 3: cannot freeze /data; resume hook thaw ran",
    });
    expect(existsSync(mark("thawed"))).toBe(true);
    expect(guard.state).toBeNull();
  });

  it("refuses unknown hooks, a second quiesce while frozen, and kills a hook past its timeout", async () => {
    expect(await run("u1", { hook: "rm-rf", purpose: "run" })).toBe("failed");
    expect(fake.finished.get("u1")?.error).toMatchObject({ code: "HOOK_ENOTFOUND", object: "hook rm-rf" });
    expect(await run("q4", { hook: "freeze", purpose: "quiesce", resumeHook: "thaw" })).toBe("succeeded");
    expect(await run("q5", { hook: "freeze", purpose: "quiesce", resumeHook: "thaw" })).toBe("failed");
    expect(fake.finished.get("q5")?.error).toMatchObject({ code: "HOOK_EFROZEN" });
    expect(await run("t1", { hook: "slow", purpose: "run" })).toBe("failed");
    expect(fake.finished.get("t1")?.error).toMatchObject({
      code: "HOOK_ETIMEDOUT",
      message: "hook slow did not finish within 0.2 s and was killed",
    });
  });
});
