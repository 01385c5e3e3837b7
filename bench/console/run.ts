// `npm run bench:console`: the console under the load of a large site (issue 24). Simulated agents
// speak the real protocol over HTTP (enrol, heartbeats with full inventories, claim long-polls,
// progress events, finish) and simulated operators poll what the pages poll, against real
// consoles (`next start` on the production build; run `npx next build` first) on SQLite, on
// PostgreSQL, and on PostgreSQL with two consoles behind HAProxy (deploy/haproxy.cfg).
//
// BENCH_AGENTS=100,300 (agent counts), BENCH_SETS=10 (sets per agent), BENCH_OPERATORS=10,
// BENCH_JOBS=50 (copy jobs queued at once mid-run), BENCH_SECONDS=30 (measured window),
// BENCH_CONFIGS=sqlite,postgresql,postgresql-2. The simulator runs on the same machine: on a
// 2-core VM it competes with the consoles, so compare configurations within one run.
import { readFileSync, statSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { ConsoleCluster } from "@/test/support/console-cluster";
import { startPostgresServer, type PostgresServer } from "@/test/support/postgres-server";
import { LatencyRecorder, nearestRank, type RouteFigures } from "./latency-recorder";
import { SimulatedAgent } from "./simulated-agent";
import { SimulatedOperator } from "./simulated-operator";

type Config = "sqlite" | "postgresql" | "postgresql-2";
const list = (v: string | undefined, d: string) =>
  (v ?? d)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
const agentCounts = list(process.env.BENCH_AGENTS, "100,300").map(Number);
const configs = list(process.env.BENCH_CONFIGS, "sqlite,postgresql,postgresql-2") as Config[];
const SETS = Number(process.env.BENCH_SETS ?? 10);
const OPERATORS = Number(process.env.BENCH_OPERATORS ?? 10);
const JOBS = Number(process.env.BENCH_JOBS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const HEARTBEAT_MS = 5_000;
const CLK_TCK = 100; // USER_HZ on Linux

interface Result {
  config: Config;
  agents: number;
  routes: RouteFigures[];
  requestsPerSecond: number;
  queueToClaim: { count: number; p50: number; p95: number; missing: number };
  cpuCores: number;
  rssMiB: number;
  databaseMiB: number;
  errors: string[];
  /** The first error lines the consoles printed (why a request failed inside them). */
  consoleErrors: string[];
}

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]); // utime, stime
}

function rssMiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
}

async function databaseMiB(cluster: ConsoleCluster): Promise<number> {
  if (cluster.databaseUrl.startsWith("file:")) {
    const file = cluster.databaseUrl.slice("file:".length);
    const size = (f: string) => {
      try {
        return statSync(f).size;
      } catch {
        return 0;
      }
    };
    return (size(file) + size(`${file}-wal`)) / 1024 ** 2;
  }
  const client = new pg.Client({ connectionString: cluster.databaseUrl });
  await client.connect();
  try {
    const r = await client.query<{ size: string }>("SELECT pg_database_size(current_database())::text AS size");
    return Number(r.rows[0]!.size) / 1024 ** 2;
  } finally {
    await client.end();
  }
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

async function runOne(config: Config, agents: number): Promise<Result> {
  const cluster = await ConsoleCluster.start({ hosts: [], balanced: config === "postgresql-2" });
  const recorder = new LatencyRecorder();
  const sims: SimulatedAgent[] = [];
  const operators: SimulatedOperator[] = [];
  const running: Promise<void>[] = [];
  try {
    const hosts = Array.from({ length: agents }, (_, i) => `sim-${String(i + 1).padStart(4, "0")}`);
    // Queue-to-claim: from the job's createdAt (the console's clock, this machine's) to the claim
    // answer reaching the agent. A claim can arrive before the operator's set.copy answer does.
    const queuedAt = new Map<string, number>();
    const claimedAt = new Map<string, number>();
    for (const host of hosts) {
      sims.push(
        new SimulatedAgent({
          consoleUrl: cluster.url,
          host,
          sets: SETS,
          heartbeatMs: HEARTBEAT_MS,
          claimWaitSeconds: 20,
          jobSeconds: 20,
          recorder,
          onClaim: (jobId, at) => claimedAt.set(jobId, at),
        }),
      );
    }
    process.stdout.write(`  ${config}, ${agents} agents: enrolling…`);
    await inBatches(sims, 20, async (sim) => {
      const token = await cluster.trpcPost("host.createEnrolmentToken", { hostName: null });
      await sim.enrol((token.data as { token: string }).token);
    });
    for (const sim of sims) running.push(sim.run());
    // Warm-up: every agent's first heartbeat stores its whole inventory.
    await sleep(HEARTBEAT_MS * 2);
    // Only what happens after the warm-up is measured.
    const measured = new LatencyRecorder();
    for (const sim of sims) sim.recordInto(measured);
    let watched: string | null = null;
    for (let i = 0; i < OPERATORS; i++) {
      const op = new SimulatedOperator({
        consoleUrl: cluster.url,
        token: cluster.token,
        hosts,
        recorder: measured,
        runningJob: () => watched,
        pollMs: 1000,
      });
      operators.push(op);
      running.push(op.run());
    }
    const pids = await Promise.all(cluster.consolePorts.map((_, i) => cluster.consoleServerPid(i)));
    const ticks0 = pids.reduce((sum, pid) => sum + cpuTicks(pid), 0);
    const t0 = Date.now();
    process.stdout.write(" measuring…");

    // Mid-window: JOBS copy jobs at once, on as many hosts.
    await sleep(Math.min(5_000, (SECONDS * 1000) / 4));
    await Promise.all(
      hosts.slice(0, JOBS).map(async (host, i) => {
        const sim = sims[i]!;
        const created = await measured.time("operator set.copy", async () => {
          const r = await cluster.trpcPost("set.copy", {
            host,
            target: { kind: "sets", sets: [sim.inventory.sets[0]!.shadow] },
            direction: "s",
          });
          if (r.status !== 200) throw new Error(`HTTP ${r.status} ${r.error?.message ?? ""}`);
          return r.data as { id: string; createdAt: string };
        });
        if (created) {
          queuedAt.set(created.id, Date.parse(created.createdAt));
          watched ??= created.id;
        }
      }),
    );
    await sleep(SECONDS * 1000 - (Date.now() - t0));
    const seconds = (Date.now() - t0) / 1000;
    const cpuCores = (pids.reduce((sum, pid) => sum + cpuTicks(pid), 0) - ticks0) / CLK_TCK / seconds;
    const routes = measured.figures();
    const sorted = [...queuedAt]
      .filter(([id]) => claimedAt.has(id))
      .map(([id, queued]) => claimedAt.get(id)! - queued)
      .sort((a, b) => a - b);
    return {
      config,
      agents,
      routes,
      requestsPerSecond: routes.reduce((sum, r) => sum + r.count, 0) / seconds,
      queueToClaim: {
        count: sorted.length,
        p50: nearestRank(sorted, 0.5),
        p95: nearestRank(sorted, 0.95),
        missing: queuedAt.size - sorted.length,
      },
      cpuCores,
      rssMiB: pids.reduce((sum, pid) => sum + rssMiB(pid), 0),
      databaseMiB: await databaseMiB(cluster),
      errors: measured.topErrors(),
      consoleErrors: [
        ...new Set(
          cluster
            .consoleLog()
            .split("\n")
            .filter((line) => /error|P20\d\d|failed/i.test(line))
            .map((line) => line.trim().slice(0, 240)),
        ),
      ].slice(0, 8),
    };
  } finally {
    for (const s of sims) s.stop();
    for (const o of operators) o.stop();
    await cluster.stop();
    process.stdout.write(" done\n");
  }
}

const fmt = (ms: number) => (Number.isNaN(ms) ? "-" : ms < 10 ? ms.toFixed(1) : ms.toFixed(0));

function report(results: Result[]): void {
  console.log("\n== console load: p95 latency in ms (p50 / p99 in the route table) ==");
  console.log(
    "config         agents   req/s  heartbeat  set info  job poll  set.everywhere  queue→claim p95  CPU cores  RSS MiB  DB MiB",
  );
  for (const r of results) {
    const p95 = (route: string) => fmt(r.routes.find((x) => x.route === route)?.p95 ?? NaN);
    console.log(
      [
        r.config.padEnd(14),
        String(r.agents).padStart(6),
        r.requestsPerSecond.toFixed(0).padStart(7),
        p95("agent heartbeat").padStart(10),
        p95("set info of a host").padStart(9),
        p95("job poll").padStart(9),
        p95("overview set.everywhere").padStart(15),
        `${fmt(r.queueToClaim.p95)}${r.queueToClaim.missing ? ` (${r.queueToClaim.missing} not claimed)` : ""}`.padStart(
          16,
        ),
        r.cpuCores.toFixed(2).padStart(10),
        r.rssMiB.toFixed(0).padStart(8),
        r.databaseMiB.toFixed(1).padStart(7),
      ].join(" "),
    );
  }
  for (const r of results) {
    console.log(`\n-- ${r.config}, ${r.agents} agents: per route (ms) --`);
    for (const x of r.routes) {
      console.log(
        `  ${x.route.padEnd(32)} n=${String(x.count).padStart(6)} failed=${String(x.failed).padStart(4)}  p50 ${fmt(x.p50).padStart(6)}  p95 ${fmt(x.p95).padStart(6)}  p99 ${fmt(x.p99).padStart(6)}`,
      );
    }
    for (const e of r.errors) console.log(`  ! ${e.replace(/\s+/g, " ")}`);
    for (const e of r.consoleErrors) console.log(`  console: ${e}`);
  }
  console.log(
    "\nTargets (issue 24, 1,000 agents): set info and job polls p95 < 50 ms, heartbeats p95 < 100 ms, queue→claim p95 < 250 ms, one console < 0.5 core on SQLite.",
  );
}

let postgres: PostgresServer | null = null;
try {
  if (configs.some((c) => c !== "sqlite")) {
    postgres = await startPostgresServer();
    process.env.PITCREW_TEST_POSTGRES_URL = postgres.url;
  }
  const results: Result[] = [];
  console.log(
    `console load bench: ${agentCounts.join(", ")} agents × ${SETS} sets, heartbeat every ${HEARTBEAT_MS / 1000} s, ${OPERATORS} operators polling every 1 s, ${JOBS} copy jobs, ${SECONDS} s measured`,
  );
  for (const agents of agentCounts) {
    for (const config of configs) {
      if (config === "sqlite") delete process.env.PITCREW_TEST_POSTGRES_URL;
      else process.env.PITCREW_TEST_POSTGRES_URL = postgres!.url;
      results.push(await runOne(config, agents));
    }
  }
  report(results);
} finally {
  postgres?.stop();
}
