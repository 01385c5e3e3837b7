// The agent's path of an instant update (bench/instant-agent-child.ts), driven from the bench: one
// long-lived child per set, sharing the set's state dir with the CLI, asked for one update at a
// time. Its figures are what a runbook's update job costs on a host whose agent is running.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import { createInterface, type Interface } from "node:readline";
import { fileURLToPath } from "node:url";
import { bundleBenchChild } from "./engine";
import type { AgentUpdateResult } from "./instant-agent-child";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const ENTRY = path.join(ROOT, "bench/instant-agent-child.ts");
// Inside the repository, so that the bundle's external addons resolve from node_modules.
const BUNDLE = path.join(ROOT, "node_modules/.cache/pitcrew-bench/instant-agent-child.mjs");

export type { AgentUpdateResult };

export function buildAgentChild(): Promise<void> {
  return bundleBenchChild(ENTRY, BUNDLE);
}

export class AgentPath {
  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly lines: AsyncIterator<string>,
    private readonly rl: Interface,
    private readonly stderr: () => string,
  ) {}

  /** Starts the child on `stateDir` and waits until it has loaded (its start-up is not timed). */
  static async start(stateDir: string): Promise<AgentPath> {
    const child = spawn(process.execPath, [BUNDLE, stateDir], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
    let err = "";
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
    });
    const rl = createInterface({ input: child.stdout });
    const agent = new AgentPath(child, rl[Symbol.asyncIterator](), rl, () => err);
    const first = await agent.next();
    if (first !== "ready") throw new Error(`instant-agent-child did not start: ${first}\n${err}`);
    return agent;
  }

  private async next(): Promise<string> {
    const r = await this.lines.next();
    if (r.done)
      throw new Error(
        `instant-agent-child exited (${this.child.exitCode ?? this.child.signalCode}):\n${this.stderr()}`,
      );
    return r.value;
  }

  /** One `-u s` of `shadow` as the agent runs it, to the end of its copy. */
  async update(shadow: string): Promise<AgentUpdateResult> {
    this.child.stdin.write(`${shadow}\n`);
    const result = JSON.parse(await this.next()) as AgentUpdateResult;
    if (result.incomplete) throw new Error(`the agent-path update of ${shadow} did not complete: ${result.incomplete}`);
    return result;
  }

  close(): void {
    this.rl.close();
    this.child.stdin.end();
    this.child.kill();
  }
}
