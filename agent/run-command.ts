// Runs a hook or helper program (docs/agent-protocol.md, "Hooks and the freeze"): argv without a shell, a timeout
// that sends SIGTERM and then SIGKILL after a grace period, AbortSignal support, and output kept
// to a bounded size so a chatty program cannot exhaust the agent's memory.
import { spawn } from "node:child_process";

export interface RunCommandOptions {
  timeoutMs?: number;
  graceMs?: number;
  signal?: AbortSignal;
  maxOutputBytes?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  stdin?: string;
}

export interface CommandResult {
  /** null when the process ended by a signal or could not start. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  aborted: boolean;
  /** Why it could not start (ENOENT …), else null. */
  spawnError: string | null;
  truncated: boolean;
}

export function runCommand(argv: readonly string[], opts: RunCommandOptions = {}): Promise<CommandResult> {
  const [program, ...args] = argv;
  if (!program) throw new Error("runCommand: argv is empty");
  const max = opts.maxOutputBytes ?? 64 * 1024;
  const grace = opts.graceMs ?? 5000;
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const size = { out: 0, err: 0 };
    let truncated = false;
    let timedOut = false;
    let aborted = false;
    let spawnError: string | null = null;
    let killTimer: NodeJS.Timeout | null = null;
    const child = spawn(program, args, {
      shell: false,
      cwd: opts.cwd,
      env: opts.env,
      stdio: ["pipe", "pipe", "pipe"],
      // Its own process group, so the timeout also reaches what it started (a shell's children
      // would otherwise keep the pipes open and the hook "running").
      detached: true,
    });
    const collect = (chunks: Buffer[], key: "out" | "err") => (b: Buffer) => {
      const room = max - size[key];
      if (room <= 0) {
        truncated = true;
        return;
      }
      if (b.length > room) truncated = true;
      const piece = b.subarray(0, room);
      chunks.push(piece);
      size[key] += piece.length;
    };
    child.stdout.on("data", collect(out, "out"));
    child.stderr.on("data", collect(err, "err"));
    child.stdin.on("error", () => {});
    child.stdin.end(opts.stdin ?? "");
    const signalGroup = (sig: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, sig);
      } catch {
        child.kill(sig);
      }
    };
    const stop = () => {
      if (child.pid === undefined) return;
      signalGroup("SIGTERM");
      killTimer ??= setTimeout(() => signalGroup("SIGKILL"), grace);
    };
    const timer =
      opts.timeoutMs !== undefined
        ? setTimeout(() => {
            timedOut = true;
            stop();
          }, opts.timeoutMs)
        : null;
    const onAbort = () => {
      aborted = true;
      stop();
    };
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener("abort", onAbort, { once: true });
    child.on("error", (e) => {
      spawnError = e.message;
    });
    child.on("close", (code, signal) => {
      if (timer) clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      opts.signal?.removeEventListener("abort", onAbort);
      resolve({
        exitCode: code,
        signal,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        timedOut,
        aborted,
        spawnError,
        truncated,
      });
    });
  });
}
