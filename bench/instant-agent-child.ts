// The agent's path of an instant update, for bench/instant.ts: a long-lived process that runs
// `-u s` the way the host agent's set.copy job does (agent/executors/set-copy.ts): startCopy on an
// engine context whose copies run in-process, then waitForCopies. The agent is already running
// when a runbook's update job arrives, so neither figure pays a process start, which on these VMs
// is 0.13 s for node alone and most of the CLI's freeze at 1 GiB.
//
//   node instant-agent-child.mjs STATE_DIR     then, per line on stdin: SHADOW_PATH
//
// Prints "ready" once loaded, then one JSON line (AgentUpdateResult) per update.
import { createInterface } from "node:readline";
import { ConfigStore } from "@/engine/config-store";
import type { EngineContext } from "@/engine/engine-context";
import { inProcessLauncher } from "@/engine/run-set-copies";
import { startCopy, type PointInTimeTaken } from "@/engine/set-copy-start";
import { waitForCopies } from "@/engine/set-control";

export interface AgentUpdateResult {
  /** startCopy called → returned: the clone taken, the bitmaps marked, the copy started (the freeze). */
  freezeMs: number;
  /** startCopy called → every copy finished (the job's end). */
  updateMs: number;
  taken: PointInTimeTaken[];
  /** Why a copy did not complete (null when it did). */
  incomplete: string | null;
}

async function main(stateDir: string): Promise<void> {
  const config = new ConfigStore(stateDir);
  const ctx: EngineContext = {
    stateDir,
    config,
    launcher: inProcessLauncher(stateDir, config),
    warn: (m) => process.stderr.write(`warning: ${m}\n`),
  };
  process.stdout.write("ready\n");
  for await (const line of createInterface({ input: process.stdin })) {
    const shadow = line.trim();
    if (!shadow) continue;
    let taken: PointInTimeTaken[] = [];
    const t0 = performance.now();
    await startCopy(ctx, {
      target: { kind: "sets", sets: [shadow] },
      direction: "s",
      full: false,
      onPointInTime: (t) => {
        taken = t;
      },
    });
    const t1 = performance.now();
    const results = await waitForCopies(ctx, { kind: "sets", sets: [shadow] });
    const t2 = performance.now();
    const result: AgentUpdateResult = {
      freezeMs: t1 - t0,
      updateMs: t2 - t0,
      taken,
      incomplete: results.find((r) => r.incomplete)?.incomplete ?? null,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
}

const stateDir = process.argv[2];
if (!stateDir) {
  process.stderr.write("usage: instant-agent-child.mjs STATE_DIR\n");
  process.exit(2);
}
main(stateDir).catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
