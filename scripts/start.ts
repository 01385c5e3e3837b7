// `npm start`: one command from a fresh clone to a running console. Migrates the database (SQLite, or
// PostgreSQL when DATABASE_URL is postgresql://: checked to answer first, scripts/check-postgres.ts),
// builds when the build is stale, makes sure the user `admin` exists, then serves the console with
// `next start`. Unless PITCREW_DEMO=0 it also creates the demo SAN (the seed procedure's disk groups
// under $PITCREW_DATA_DIR/san; as root, on XFS with reflink in a loop-mounted image, so its sets
// use instant mode: scripts/demo/demo-san-filesystem.ts) and runs two local agents on it, `prod`
// and `backup`, as child processes. Ctrl-C stops everything it started (and unmounts the demo SAN
// it mounted); if one part dies, the rest is stopped too.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { sharingOf } from "@/engine/block-sharing";
import { LauncherConfigError, parseLauncherConfig, type LauncherConfig } from "@/lib/launcher-config";
import { databaseProvider, redactPassword } from "../prisma/database-provider";
import { databaseUrl, dataDir } from "../prisma/database-url";
import { checkPostgres } from "./check-postgres";
import { localAgentPaths, writeLocalAgentConfig, type LocalAgentPaths } from "./demo/agent-config";
import { createDemoSan, DEMO_DISK_GROUPS } from "./demo/create-demo-san";
import {
  DemoSanPlacementError,
  describeDemoSanMode,
  placeDemoSan,
  unmountDemoSan,
  type DemoSanPlacement,
} from "./demo/demo-san-filesystem";
import type { PrepareConsoleResult } from "./demo/prepare-console";
import { startLocalAgent } from "./demo/start-local-agent";
import { setTimeout as sleep } from "node:timers/promises";

const root = path.resolve(import.meta.dirname, "..");
const launcher = ((): LauncherConfig => {
  try {
    return parseLauncherConfig(process.env);
  } catch (error) {
    if (!(error instanceof LauncherConfigError)) throw error;
    console.error(`pitcrew: ${error.message}`);
    process.exit(2);
  }
})();
const { port, host, demo } = launcher;
const env = { ...process.env, DATABASE_URL: databaseUrl(), NEXT_TELEMETRY_DISABLED: "1" };
const data = path.resolve(root, dataDir());
const sanDir = path.join(data, "san");
const DEMO_HOSTS = ["prod", "backup"] as const;
// The agents and the readiness probe run on this machine: a wildcard listen address is reached on loopback.
const localHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
const consoleUrl = `http://${localHost.includes(":") ? `[${localHost}]` : localHost}:${port}`;
/** How long a stopping child gets before SIGKILL (an agent finishes its current job first). */
const STOP_GRACE_MS = 10_000;

/** Runs a step to completion or exits; with `capture`, returns its stdout instead of showing it. */
function run(step: string, command: string, args: string[], { capture = false } = {}): string {
  const result = spawnSync(command, args, {
    cwd: root,
    env,
    stdio: ["ignore", capture ? "pipe" : "inherit", "inherit"],
    encoding: "utf8",
  });
  if (result.status !== 0) {
    console.error(`pitcrew: ${step} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
  return result.stdout ?? "";
}

// A build is stale when any source it depends on is newer than its BUILD_ID.
function buildIsCurrent(): boolean {
  const buildId = path.join(root, launcher.nextDistDir, "BUILD_ID");
  if (!existsSync(buildId)) return false;
  const builtAt = statSync(buildId).mtimeMs;
  const sources = [
    "app",
    "server",
    "trpc",
    "components",
    "lib",
    "prisma",
    "next.config.ts",
    "proxy.ts",
    "instrumentation.ts",
    "package-lock.json",
  ];
  return !sources.some((source) => newerThan(path.join(root, source), builtAt));
}

// bin/pitcrew.js runs dist/pitcrew.mjs when it is newer than cli/, engine/ and lib/, but the bundle
// also holds agent/: rebuild it when agent/ changed, or the demo agents would run old agent code.
function cliBundleIsCurrent(): boolean {
  const bundle = path.join(root, "dist", "pitcrew.mjs");
  if (!existsSync(bundle)) return true; // bin/pitcrew.js then runs the sources through tsx
  return !newerThan(path.join(root, "agent"), statSync(bundle).mtimeMs);
}

function newerThan(file: string, time: number): boolean {
  if (!existsSync(file)) return false;
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs > time;
  return readdirSync(file).some((name) => newerThan(path.join(file, name), time));
}

// --- Children and stopping -------------------------------------------------------------------

interface Managed {
  name: string;
  child: ChildProcess;
}

const managed: Managed[] = [];
let stopping = false;

/** Every child is detached (its own process group), so one signal reaches it and its helpers. */
function signalGroup(m: Managed, signal: NodeJS.Signals): void {
  try {
    if (m.child.pid) process.kill(-m.child.pid, signal);
  } catch {
    // ESRCH: the group is gone already.
  }
}

function groupIsAlive(m: Managed): boolean {
  if (!m.child.pid) return false;
  try {
    process.kill(-m.child.pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops every child (SIGTERM, then SIGKILL after the grace period) and exits with `code`. */
function stopEverything(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const m of managed) signalGroup(m, "SIGTERM");
  const deadline = Date.now() + STOP_GRACE_MS;
  const poll = setInterval(() => {
    // A group outlives its leader when a helper (next-server under npx) is still shutting down.
    const alive = managed.filter(groupIsAlive);
    if (alive.length && Date.now() < deadline) return;
    for (const m of alive) {
      console.error(`pitcrew: ${m.name} did not stop within ${STOP_GRACE_MS / 1000} s; killing it`);
      signalGroup(m, "SIGKILL");
    }
    clearInterval(poll);
    process.exit(code);
  }, 100);
}

function manage(name: string, child: ChildProcess, onUnexpectedExit: (how: string) => void): void {
  managed.push({ name, child });
  child.on("exit", (exitCode, signal) => {
    if (stopping) return;
    onUnexpectedExit(signal ? `was killed by ${signal}` : `exited with status ${exitCode}`);
    stopEverything(1);
  });
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    console.log(`\npitcrew: ${signal}: stopping ${managed.map((m) => m.name).join(", ") || "everything"}`);
    stopEverything(0);
  });
}

function lastLines(file: string, count: number): string {
  try {
    return readFileSync(file, "utf8")
      .trimEnd()
      .split("\n")
      .slice(-count)
      .map((l) => `    ${l}`)
      .join("\n");
  } catch {
    return "    (no log)";
  }
}

async function waitForConsole(): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!stopping) {
    const ok = await fetch(`${consoleUrl}/icon.svg`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) {
      console.error(`pitcrew: the console did not answer at ${consoleUrl} within 120 s; stopping`);
      stopEverything(1);
      return;
    }
    await sleep(250);
  }
}

// --- Start -----------------------------------------------------------------------------------

mkdirSync(data, { recursive: true }); // better-sqlite3 will not create it; the agents and the demo SAN live there too
const provider = (() => {
  try {
    return databaseProvider(env.DATABASE_URL);
  } catch (error) {
    console.error(`pitcrew: ${(error as Error).message}`);
    process.exit(2);
  }
})();
if (provider === "postgresql") {
  const problem = await checkPostgres(env.DATABASE_URL);
  if (problem) {
    console.error(`pitcrew: ${problem}`);
    process.exit(1);
  }
}
run("database migration", "npx", ["prisma", "migrate", "deploy"]);
if (!buildIsCurrent()) run("build", "npx", ["next", "build"]);

let demoSanNote = "";
let demoSanMode = "";
if (demo) {
  if (!cliBundleIsCurrent()) run("CLI build", process.execPath, ["scripts/build-cli.mjs"]);
  let placement: DemoSanPlacement;
  try {
    placement = placeDemoSan(data, sanDir);
  } catch (err) {
    if (!(err instanceof DemoSanPlacementError)) throw err;
    console.error(`pitcrew: ${err.message}`);
    process.exit(1);
  }
  if (placement.mountedHere) {
    // Whatever way this start ends, after its children: the mount is this start's.
    process.on("exit", () => {
      const problem = unmountDemoSan(sanDir);
      if (problem) console.error(`pitcrew: the demo SAN stays mounted: ${problem}`);
    });
  }
  try {
    const { created } = await createDemoSan(sanDir, { hostName: "prod" });
    demoSanNote = created.length ? `created ${created.length} volumes` : "already there, left as it was";
  } catch (err) {
    // The operator may have reshaped the demo SAN (moved a group, removed a volume): the console
    // and the agents are still useful, so say what is wrong and go on.
    demoSanNote = `not completed: ${(err as Error).message}`;
    console.error(`pitcrew: warning: demo SAN ${sanDir} ${demoSanNote}`);
  }
  // What the agents will find there: the file system of a disk group's folder, tried with a clone.
  const sharing = await sharingOf(path.join(sanDir, DEMO_DISK_GROUPS[0])).catch(() => null);
  demoSanMode = describeDemoSanMode(placement, sharing);
}

const prepareArgs = demo
  ? DEMO_HOSTS.flatMap((h) => ["--agent", `${h}=${localAgentPaths(data, h).credentialFile}`])
  : [];
const prepared = JSON.parse(
  run(
    "console preparation",
    "npx",
    ["tsx", "--conditions=react-server", "scripts/demo/prepare-console.ts", ...prepareArgs],
    { capture: true },
  )
    .trim()
    .split("\n")
    .at(-1)!,
) as PrepareConsoleResult;

const agentPaths = new Map<string, LocalAgentPaths>();
if (demo) {
  for (const hostName of DEMO_HOSTS) {
    agentPaths.set(
      hostName,
      await writeLocalAgentConfig({
        dataDir: data,
        hostName,
        consoleUrl,
        diskGroupRoots: [sanDir],
        enrolmentToken: prepared.enrolmentTokens[hostName],
      }),
    );
  }
}

// detached: next start runs in its own process group, so stopping can reach the next-server child
// too (killing only the `next` PID leaves next-server holding the port).
manage(
  "console",
  spawn("npx", ["next", "start", "-H", host, "-p", String(port)], { cwd: root, env, stdio: "inherit", detached: true }),
  (how) => console.error(`pitcrew: the console (next start) ${how} unexpectedly; stopping the rest`),
);

await waitForConsole();
if (stopping) await new Promise(() => {}); // stopEverything exits the process

for (const [hostName, paths] of agentPaths) {
  manage(`agent ${hostName}`, startLocalAgent({ configFile: paths.configFile, logFile: paths.logFile, env }), (how) => {
    console.error(
      `pitcrew: agent ${hostName} ${how} unexpectedly; stopping the rest. Last lines of ${paths.logFile}:\n` +
        lastLines(paths.logFile, 5),
    );
  });
}

const { admin } = prepared;
// ensureAdminUser returns generated secrets once, at first start; chosen ones (the variables) never.
const password =
  admin.password !== null
    ? `password ${admin.password}   (shown this once: keep it)`
    : admin.created
      ? "the password in PITCREW_ADMIN_PASSWORD"
      : "the password printed at first start, or PITCREW_ADMIN_PASSWORD";
const token =
  admin.token ??
  (process.env.PITCREW_ADMIN_TOKEN
    ? "$PITCREW_ADMIN_TOKEN"
    : "<the API token printed at first start, or PITCREW_ADMIN_TOKEN>");
const lines = [
  "",
  `pitcrew console: ${consoleUrl}`,
  `  sign in as ${admin.username} with ${password}`,
  `  CLI: PITCREW_URL=${consoleUrl} PITCREW_TOKEN=${token} ./bin/pitcrew.js iiadm -H ${demo ? "prod" : "HOST"} -l`,
  ...(demo
    ? [
        `  agents: ${DEMO_HOSTS.join(", ")} (logs: ${path.join(data, "agents", "<host>", "agent.log")})`,
        `  demo SAN: ${sanDir} (${demoSanNote})`,
        `    disk groups production and backup, each vol01…vol05 (64 MiB) + vol01.bmp…vol05.bmp, imported on prod`,
        `    ${demoSanMode}`,
      ]
    : ["  demo off (PITCREW_DEMO=0): no agents, no demo SAN"]),
  `  database: ${redactPassword(env.DATABASE_URL)} (${provider === "postgresql" ? "PostgreSQL" : "SQLite"})`,
  `Ctrl-C stops the console${demo ? " and the agents" : ""}.`,
  "",
];
console.log(lines.join("\n"));
