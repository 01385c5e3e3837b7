// A real pitcrew installation for integration tests: `next start` on the production build with
// its own database (a SQLite file, or a fresh PostgreSQL database when the integration run has a
// PostgreSQL server: test/support/integration-global-setup.ts), real agent processes (`pitcrew agent`) on a SAN directory, and the real
// CLI talking to them over HTTP. Nothing is faked; each cluster lives in its own temp dir.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { type LocalAgentConfigInput, localAgentPaths, writeLocalAgentConfig } from "@/scripts/demo/agent-config";
import { createDemoSan } from "@/scripts/demo/create-demo-san";
import { startLocalAgent } from "@/scripts/demo/start-local-agent";
import { testPostgresServer } from "./postgres-server";
import { freePort } from "./free-port";

const root = path.resolve(import.meta.dirname, "../..");
const run = promisify(execFile);

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** The result of a CLI step that must succeed, or an error with everything it printed. */
export function expectOk(result: CliResult, what: string): CliResult {
  if (result.status !== 0)
    throw new Error(`${what}: exit ${result.status}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  return result;
}

export interface ClusterOptions {
  hosts: readonly string[];
  /** Create the seed's disk groups (production, backup) under the SAN, imported on this host. */
  demoSanOwner?: string;
  /** PITCREW_JOB_LEASE_SECONDS for the console: how soon a silent agent's job is interrupted. */
  leaseSeconds?: number;
  /** Hooks, archive roots, tape devices or freeze budget of a host's agent instead of the demo's. */
  agentConfig?: (
    host: string,
  ) => Pick<LocalAgentConfigInput, "hooks" | "archiveRoots" | "tapeDevices" | "freezeBudgetSeconds">;
  /** More environment for the console and agents, e.g. PITCREW_TRUSTED_PROXIES. */
  env?: Record<string, string>;
  /**
   * Two console processes on one PostgreSQL database behind HAProxy with deploy/haproxy.cfg; the
   * agents, the CLI and `url` go through the balancer. Needs the PostgreSQL run and haproxy.
   */
  balanced?: boolean;
}

export async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | null | undefined | false>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export class ConsoleCluster {
  readonly sanDir: string;
  readonly url: string;
  readonly token = `pct_test_${randomBytes(24).toString("base64url")}`;
  readonly password = `pw-${randomBytes(12).toString("base64url")}`;
  /** The console processes: one, or two behind the balancer (`balanced`). */
  private readonly consoleProcesses: (ChildProcess | null)[];
  private balancer: ChildProcess | null = null;
  /** What the console printed (stdout and stderr), across restarts: tests check it has no errors. */
  private consoleOutput = "";
  private readonly agents = new Map<string, ChildProcess>();
  private readonly env: NodeJS.ProcessEnv;

  private constructor(
    readonly dataDir: string,
    readonly port: number,
    /** The console's DATABASE_URL. */
    readonly databaseUrl: string,
    private readonly opts: ClusterOptions,
    /** Each console process's own port; `port` is the balancer's when `balanced`. */
    readonly consolePorts: readonly number[],
  ) {
    this.consoleProcesses = consolePorts.map(() => null);
    this.sanDir = path.join(dataDir, "san");
    this.url = `http://127.0.0.1:${port}`;
    this.env = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PITCREW_ADMIN_PASSWORD: this.password,
      PITCREW_ADMIN_TOKEN: this.token,
      PITCREW_JOB_LEASE_SECONDS: String(opts.leaseSeconds ?? 60),
      NEXT_TELEMETRY_DISABLED: "1",
      ...opts.env,
    };
  }

  static async start(opts: ClusterOptions): Promise<ConsoleCluster> {
    const dataDir = await mkdtemp(path.join(tmpdir(), "pitcrew-cluster-"));
    const postgres = testPostgresServer();
    if (opts.balanced && !postgres) throw new Error("two balanced consoles need the PostgreSQL run");
    const databaseUrl = postgres ? await postgres.createDatabase() : `file:${path.join(dataDir, "console.db")}`;
    const port = await freePort();
    const consolePorts = opts.balanced ? [await freePort(), await freePort()] : [port];
    const cluster = new ConsoleCluster(dataDir, port, databaseUrl, opts, consolePorts);
    try {
      if (opts.demoSanOwner) await createDemoSan(cluster.sanDir, { hostName: opts.demoSanOwner });
      await run("npx", ["prisma", "migrate", "deploy"], { cwd: root, env: cluster.env });
      for (const i of consolePorts.keys()) await cluster.startConsole(i);
      if (opts.balanced) await cluster.startBalancer();
      for (const host of opts.hosts) await cluster.startAgent(host);
      for (const host of opts.hosts) await cluster.waitForInventory(host);
    } catch (err) {
      await cluster.stop();
      throw err;
    }
    return cluster;
  }

  /** Starts console process `i` (0, or 0 and 1 when balanced) on its own port and waits until it serves. */
  async startConsole(i = 0): Promise<void> {
    const port = this.consolePorts[i]!;
    // Own process group: next start's server child must go down with it.
    const child = spawn("npx", ["next", "start", "-H", "127.0.0.1", "-p", String(port)], {
      cwd: root,
      env: this.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let stderr = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      this.consoleOutput += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      this.consoleOutput += chunk.toString();
    });
    this.consoleProcesses[i] = child;
    await until(`the console on port ${port}`, 60_000, async () => {
      if (child.exitCode !== null) throw new Error(`next start exited ${child.exitCode}: ${stderr}`);
      return (await fetch(`http://127.0.0.1:${port}/icon.svg`)).ok;
    }).catch((err: Error) => {
      throw new Error(`${err.message}\n${stderr}`);
    });
  }

  /** HAProxy on `port` with the repository's deploy/haproxy.cfg, in front of both consoles. */
  private async startBalancer(): Promise<void> {
    const child = spawn("haproxy", ["-db", "-f", path.join(root, "deploy", "haproxy.cfg")], {
      env: {
        ...process.env,
        PITCREW_LISTEN: `127.0.0.1:${this.port}`,
        PITCREW_CONSOLE_1: `127.0.0.1:${this.consolePorts[0]}`,
        PITCREW_CONSOLE_2: `127.0.0.1:${this.consolePorts[1]}`,
      },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    this.balancer = child;
    await until(`HAProxy on ${this.url}`, 30_000, async () => {
      if (child.exitCode !== null) throw new Error(`haproxy exited ${child.exitCode}: ${output}`);
      return (await fetch(`${this.url}/api/health`)).ok;
    });
  }

  /** The pid of the console's `next-server` process (the one serving requests), for /proc checks. */
  async consoleServerPid(i = 0): Promise<number> {
    const group = this.consoleProcesses[i]?.pid;
    if (!group) throw new Error("the console is not running");
    for (const entry of await readdir("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
      // Fields after the ")" that ends the command name: state, ppid, pgrp.
      const pgrp = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
      const cmdline = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
      if (pgrp === group && cmdline.startsWith("next-server")) return Number(entry);
    }
    throw new Error(`no next-server process in the console's process group ${group}`);
  }

  async stopConsole(signal: NodeJS.Signals = "SIGTERM", i = 0): Promise<void> {
    await stopGroup(this.consoleProcesses[i] ?? null, signal);
    this.consoleProcesses[i] = null;
  }

  async startAgent(host: string): Promise<void> {
    const credentialFile = path.join(this.dataDir, "agents", host, "state", "agent-credential");
    const hasCredential = (await readFile(credentialFile, "utf8").catch(() => "")).trim() !== "";
    const enrolmentToken = hasCredential ? null : await this.enrolmentToken(host);
    const paths = await writeLocalAgentConfig({
      dataDir: this.dataDir,
      hostName: host,
      consoleUrl: this.url,
      diskGroupRoots: [this.sanDir],
      enrolmentToken,
      ...this.opts.agentConfig?.(host),
    });
    // Faster than the defaults, so tests see heartbeats, inventories and claims quickly.
    const config = JSON.parse(await readFile(paths.configFile, "utf8")) as Record<string, unknown>;
    await writeFile(paths.configFile, JSON.stringify({ ...config, heartbeatSeconds: 1, claimWaitSeconds: 5 }), {
      mode: 0o600,
    });
    this.agents.set(host, startLocalAgent({ configFile: paths.configFile, logFile: paths.logFile, env: this.env }));
  }

  /** The pid of the host's running agent process. */
  agentPid(host: string): number {
    const pid = this.agents.get(host)?.pid;
    if (!pid) throw new Error(`no agent process running for ${host}`);
    return pid;
  }

  /**
   * Starts one more agent process for a host whose agent runs, on the same config (as a service
   * manager restarting an agent it thinks hung would); resolves with its exit code. Killed if it
   * is still running after `timeoutMs`, so a test never leaves it behind.
   */
  async runSecondAgent(host: string, timeoutMs = 60_000): Promise<number | null> {
    const paths = localAgentPaths(this.dataDir, host);
    const child = startLocalAgent({ configFile: paths.configFile, logFile: paths.logFile, env: this.env });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const timer = setTimeout(() => void stopGroup(child, "SIGKILL"), timeoutMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Kills the agent process group without warning (SIGKILL: no chance to finish anything). */
  async killAgent(host: string, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    await stopGroup(this.agents.get(host) ?? null, signal);
    this.agents.delete(host);
  }

  /** Everything the console has printed so far. */
  consoleLog(): string {
    return this.consoleOutput;
  }

  async agentLog(host: string): Promise<string> {
    return readFile(path.join(this.dataDir, "agents", host, "agent.log"), "utf8").catch(() => "");
  }

  private async enrolmentToken(host: string): Promise<string> {
    const { stdout } = await run(
      "npx",
      [
        "tsx",
        "--conditions=react-server",
        "scripts/demo/prepare-console.ts",
        "--agent",
        `${host}=${path.join(this.dataDir, "none")}`,
      ],
      { cwd: root, env: this.env },
    );
    const token = (JSON.parse(stdout.trim().split("\n").pop()!) as { enrolmentTokens: Record<string, string | null> })
      .enrolmentTokens[host];
    if (!token) throw new Error(`no enrolment token for ${host}: ${stdout}`);
    return token;
  }

  /** Waits until the host's agent has reported an inventory after `since` (ms epoch). */
  async waitForInventory(host: string, since = 0): Promise<void> {
    await until(`host ${host}'s inventory`, 60_000, async () => {
      const res = await this.trpcGet("host.get", { name: host });
      const at = (res as { inventoryAt?: string | null } | null)?.inventoryAt;
      return at ? Date.parse(at) > since : false;
    });
  }

  /** A tRPC query over HTTP as the admin (for checks the CLI does not print). */
  async trpcGet(procedure: string, input: unknown, token: string | null = this.token): Promise<unknown> {
    const res = await fetch(`${this.url}/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    const body = (await res.json()) as { result?: { data: unknown }; error?: unknown };
    if (!res.ok) throw Object.assign(new Error(`${procedure}: HTTP ${res.status}`), { status: res.status, body });
    return body.result?.data;
  }

  /** A tRPC mutation over HTTP with a bearer token and/or a session cookie; the raw outcome. */
  async trpcPost(
    procedure: string,
    input: unknown,
    auth: { token?: string | null; cookie?: string } = { token: this.token },
  ): Promise<{ status: number; data: unknown; error: { message?: string } | null; setCookie: string | null }> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (auth.token) headers.authorization = `Bearer ${auth.token}`;
    if (auth.cookie) headers.cookie = auth.cookie;
    const res = await fetch(`${this.url}/api/trpc/${procedure}`, {
      method: "POST",
      headers,
      body: JSON.stringify(input),
    });
    const body = (await res.json()) as { result?: { data: unknown }; error?: { message?: string } };
    return {
      status: res.status,
      data: body.result?.data ?? null,
      error: body.error ?? null,
      setCookie: res.headers.get("set-cookie"),
    };
  }

  /** Runs the real CLI (`bin/pitcrew.js`) against this console. */
  async cli(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
    try {
      const { stdout, stderr } = await run(process.execPath, [path.join(root, "bin", "pitcrew.js"), ...args], {
        cwd: root,
        env: { ...process.env, PITCREW_URL: this.url, PITCREW_TOKEN: this.token, ...env },
        maxBuffer: 16 << 20,
      });
      return { status: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      return { status: typeof e.code === "number" ? e.code : 255, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
    }
  }

  /** Creates a set's three volumes on a host through the console (`pitcrew vol create`), master and shadow of `size`. */
  async createSetVolumes(
    host: string,
    vols: { master: string; shadow: string; bitmap: string },
    size: string,
  ): Promise<void> {
    const vol = (...args: string[]) => this.cli(["vol", "-H", host, "create", ...args]);
    expectOk(await vol(vols.master, size), `create master ${vols.master}`);
    expectOk(await vol(vols.shadow, size), `create shadow ${vols.shadow}`);
    expectOk(await vol(vols.bitmap, "--bitmap-for", size), `create bitmap ${vols.bitmap}`);
  }

  /** Starts the real CLI without waiting for it: for commands that must still be running at some point. */
  cliInBackground(args: readonly string[]): {
    output: () => string;
    exited: () => boolean;
    result: Promise<CliResult>;
    kill: () => void;
  } {
    const child = spawn(process.execPath, [path.join(root, "bin", "pitcrew.js"), ...args], {
      cwd: root,
      env: { ...process.env, PITCREW_URL: this.url, PITCREW_TOKEN: this.token },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const result = new Promise<CliResult>((resolve) =>
      child.once("close", (code) => resolve({ status: code ?? 255, stdout, stderr })),
    );
    return {
      output: () => stderr,
      exited: () => child.exitCode !== null || child.signalCode !== null,
      result,
      kill: () => child.kill("SIGKILL"),
    };
  }

  volumePath(dg: string, vol: string): string {
    return path.join(this.sanDir, dg, vol);
  }

  async stop(): Promise<void> {
    for (const host of [...this.agents.keys()]) await this.killAgent(host, "SIGTERM");
    for (const i of this.consolePorts.keys()) await this.stopConsole("SIGTERM", i);
    await stopGroup(this.balancer, "SIGTERM");
    if (!process.env.PITCREW_KEEP_TEST_DIRS) await rm(this.dataDir, { recursive: true, force: true });
  }
}

async function stopGroup(child: ChildProcess | null, signal: NodeJS.Signals): Promise<void> {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    process.kill(-child.pid, signal);
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      /* already gone */
    }
  }, 15_000);
  await exited;
  clearTimeout(timer);
}
