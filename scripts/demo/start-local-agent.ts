// Starts one real agent process (`node bin/pitcrew.js agent --config FILE`) with its output
// appended to a log file. Used by `npm start` and by the tests that need real agents.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..", "..");

export interface StartLocalAgentOptions {
  configFile: string;
  logFile: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Spawns the agent in its own process group (detached), so a terminal's Ctrl-C reaches only the
 * launcher: the agent treats a second signal as "cancel the running job now", and the launcher
 * wants to send exactly one. The caller stops it with `child.kill("SIGTERM")`.
 */
export function startLocalAgent({ configFile, logFile, env = process.env }: StartLocalAgentOptions): ChildProcess {
  const log = openSync(logFile, "a");
  try {
    return spawn(process.execPath, [path.join(root, "bin", "pitcrew.js"), "agent", "--config", configFile], {
      cwd: root,
      env,
      stdio: ["ignore", log, log],
      detached: true,
    });
  } finally {
    closeSync(log); // the child has its own copy of the descriptor
  }
}
