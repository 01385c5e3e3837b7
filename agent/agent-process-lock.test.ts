import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { processStartTime } from "@/engine/state-files";
import { acquireAgentLock, AgentAlreadyRunning, agentLockFile } from "./agent-process-lock";

describe("acquireAgentLock", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "pitcrew-agent-lock-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function writeOwner(pid: number, startTime: string) {
    await writeFile(
      agentLockFile(dir),
      JSON.stringify({ pid, startTime, hostName: "prod", startedAt: "2026-12-07T05:00:00.000Z" }),
    );
  }

  it("refuses while another live process holds the host's lock, naming its pid", async () => {
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60_000)"], { stdio: "ignore" });
    try {
      await expect.poll(() => processStartTime(other.pid!)).not.toBeNull();
      await writeOwner(other.pid!, (await processStartTime(other.pid!))!);
      const attempt = acquireAgentLock(dir, "prod");
      await expect(attempt).rejects.toBeInstanceOf(AgentAlreadyRunning);
      await expect(attempt).rejects.toThrow(`pid ${other.pid}`);
      // The holder's lock is untouched.
      expect(JSON.parse(await readFile(agentLockFile(dir), "utf8")).pid).toBe(other.pid);
    } finally {
      other.kill("SIGKILL");
    }
  });

  it("takes over the lock of a process that died, and of a pid reused by another process", async () => {
    const dead = spawn(process.execPath, ["-e", "0"], { stdio: "ignore" });
    await new Promise((r) => dead.once("exit", r));
    await writeOwner(dead.pid!, "123");
    const release = await acquireAgentLock(dir, "prod");
    expect(JSON.parse(await readFile(agentLockFile(dir), "utf8")).pid).toBe(process.pid);
    await release();
    // Our own pid with another start time: a recycled pid, not a live agent.
    await writeOwner(1, "not-init's-start-time");
    await (
      await acquireAgentLock(dir, "prod")
    )();
  });

  it("lets only one of two agents starting at once take the lock", async () => {
    const script = `import { acquireAgentLock } from "./agent/agent-process-lock.ts";
try { await acquireAgentLock(${JSON.stringify(dir)}, "prod"); console.log("took"); setTimeout(() => {}, 10_000); }
catch (err) { console.log("refused: " + err.message); }`;
    const child = () =>
      spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        stdio: ["ignore", "pipe", "inherit"],
        cwd: path.resolve(import.meta.dirname, ".."),
      });
    const runs = [child(), child()];
    const outputs = await Promise.all(
      runs.map(
        (c) =>
          new Promise<string>((resolve) => {
            let out = "";
            c.stdout!.on("data", (d: Buffer) => {
              out += d.toString();
              if (/took|refused/.test(out)) resolve(out);
            });
            c.once("exit", () => resolve(out));
          }),
      ),
    );
    for (const c of runs) c.kill("SIGKILL");
    expect(outputs.filter((o) => o.includes("took"))).toHaveLength(1);
  }, 30_000);
});
