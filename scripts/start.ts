// `npm start`: one command from a fresh clone to a running console. Migrates the SQLite database,
// builds when there is no build yet, then serves it with `next start`.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { databaseUrl, dataDir } from "../prisma/database-url";

const root = path.resolve(import.meta.dirname, "..");
const port = process.env.PITCREW_PORT ?? "3000";
// Loopback by default: there is no sign-in yet, so the console must not be reachable from the LAN
// unless the operator asks for it (PITCREW_HOST=0.0.0.0).
const host = process.env.PITCREW_HOST ?? "127.0.0.1";
const env = { ...process.env, DATABASE_URL: databaseUrl(), NEXT_TELEMETRY_DISABLED: "1" };

function run(step: string, command: string, args: string[]) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`pitcrew: ${step} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}

// A build is stale when any source it depends on is newer than its BUILD_ID.
function buildIsCurrent(): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return false;
  const builtAt = statSync(buildId).mtimeMs;
  const sources = ["app", "server", "trpc", "components", "lib", "prisma", "next.config.ts", "package-lock.json"];
  return !sources.some((source) => newerThan(path.join(root, source), builtAt));
}

function newerThan(file: string, time: number): boolean {
  if (!existsSync(file)) return false;
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs > time;
  return readdirSync(file).some((name) => newerThan(path.join(file, name), time));
}

mkdirSync(path.resolve(root, dataDir()), { recursive: true }); // better-sqlite3 will not create it
run("database migration", "npx", ["prisma", "migrate", "deploy"]);
if (!buildIsCurrent()) run("build", "npx", ["next", "build"]);

// detached: next start runs in its own process group, so Ctrl-C can stop the next-server child too
// (killing only the `next` PID leaves next-server holding the port).
const server = spawn("npx", ["next", "start", "-H", host, "-p", port], { cwd: root, env, stdio: "inherit", detached: true });

console.log(`\npitcrew console: http://${host === "0.0.0.0" ? "localhost" : host}:${port}`);
console.log(`database: ${env.DATABASE_URL}`);
console.log("No sign-in yet (arrives with the agents issue)\n");

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    if (server.pid) process.kill(-server.pid, signal);
  });
}
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
