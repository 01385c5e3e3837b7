// Runs one of the agent's named hooks (docs/architecture.md §6: argv arrays from the agent's own config, no
// shell, a timeout). The console can name a hook, never supply a command.
import type { AgentConfig } from "./config";
import { JobFailure } from "./job-failure";
import { runCommand } from "./run-command";

export type HookTable = AgentConfig["hooks"];

export interface HookOutcome {
  hook: string;
  durationMs: number;
  stdout: string;
  stderr: string;
}

export async function runHook(hooks: HookTable, name: string, signal?: AbortSignal): Promise<HookOutcome> {
  const hook = Object.hasOwn(hooks, name) ? hooks[name] : undefined;
  if (!hook) {
    throw new JobFailure(
      "HOOK_ENOTFOUND",
      `hook ${name} is not in this agent's config (hooks: ${Object.keys(hooks).join(", ") || "none"})`,
      `hook ${name}`,
    );
  }
  const started = Date.now();
  const result = await runCommand(hook.argv, { timeoutMs: hook.timeoutSeconds * 1000, signal });
  const durationMs = Date.now() - started;
  const tail = (result.stderr || result.stdout).trim().split("\n").slice(-3).join(" | ");
  if (result.spawnError)
    throw new JobFailure(
      "HOOK_EFAILED",
      `hook ${name} could not start ${hook.argv[0]}: ${result.spawnError}`,
      `hook ${name}`,
    );
  if (result.timedOut)
    throw new JobFailure(
      "HOOK_ETIMEDOUT",
      `hook ${name} did not finish within ${hook.timeoutSeconds} s and was killed`,
      `hook ${name}`,
    );
  if (result.aborted)
    throw new JobFailure("HOOK_EFAILED", `hook ${name} was stopped: the job was cancelled`, `hook ${name}`);
  if (result.exitCode !== 0) {
    const how = result.exitCode === null ? `was killed by ${result.signal}` : `exited ${result.exitCode}`;
    throw new JobFailure("HOOK_EFAILED", `hook ${name} ${how}${tail ? `: ${tail}` : ""}`, `hook ${name}`);
  }
  return { hook: name, durationMs, stdout: result.stdout, stderr: result.stderr };
}
