// Two console processes on one PostgreSQL database behind HAProxy, with the repository's own
// deploy/haproxy.cfg: the agents and the CLI know only the balancer's address. The demo runbook
// (the whole two-host procedure) runs through it, and the console that is serving is SIGKILLed
// while the backup host works: the other console finishes the run, nothing is lost, no job runs
// twice, and the archive holds the masters at the point in time.
import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunDetail, RunSummary } from "@/server/runbooks/run-select";
import { ConsoleCluster, expectOk, until } from "@/test/support/console-cluster";
import { cmpEqual, sha256 } from "@/test/support/local-iiadm";
import { testPostgresServer } from "@/test/support/postgres-server";

const VOLS = ["vol01", "vol02", "vol03", "vol04", "vol05"] as const;
const example = path.resolve(import.meta.dirname, "../../examples/lan-free-demo.yaml");

const haproxyInstalled = spawnSync("haproxy", ["-v"], { stdio: "ignore" }).status === 0;
const missing = !testPostgresServer()
  ? "two consoles share a PostgreSQL database: this runs in the PostgreSQL run (PITCREW_TEST_DATABASE=postgresql)"
  : !haproxyInstalled
    ? "haproxy is not installed (apt-get install haproxy)"
    : null;
if (testPostgresServer() && !haproxyInstalled && process.env.PITCREW_REQUIRE_POSTGRES === "1") {
  throw new Error("PITCREW_REQUIRE_POSTGRES=1 but haproxy is not installed (apt-get install haproxy)");
}

/** Every claim an agent logged, as "jobId attempt". */
function claimsIn(log: string): string[] {
  return [...log.matchAll(/: job (\S+): \S+(?: beside job \S+)? \(attempt (\d+)\)/g)].map((m) => `${m[1]} ${m[2]}`);
}

describe.skipIf(missing !== null)(`two consoles behind HAProxy${missing ? ` (skipped: ${missing})` : ""}`, () => {
  let cluster: ConsoleCluster;
  const master = (v: string) => cluster.volumePath("production", v);
  const shadow = (v: string) => cluster.volumePath("backup", v);

  beforeAll(async () => {
    cluster = await ConsoleCluster.start({
      hosts: ["prod", "backup"],
      demoSanOwner: "prod",
      balanced: true,
      // The consoles see the balancer as the peer; they believe its X-Forwarded-For.
      env: { PITCREW_TRUSTED_PROXIES: "127.0.0.1" },
    });
  }, 240_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it("both consoles serve the same site from the one database", async () => {
    for (const port of cluster.consolePorts) {
      const health = await fetch(`http://127.0.0.1:${port}/api/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ ok: true, database: "postgresql" });
      const hosts = await fetch(`http://127.0.0.1:${port}/api/trpc/host.list`, {
        headers: { authorization: `Bearer ${cluster.token}` },
      });
      const names = ((await hosts.json()) as { result: { data: { name: string }[] } }).result.data.map((h) => h.name);
      expect(names.sort()).toEqual(["backup", "prod"]);
    }
  });

  it("a runbook run survives the serving console killed mid-run: the other finishes it, no job runs twice", async () => {
    expectOk(await cluster.cli(["runbook", "apply", example]), "apply");
    const before = await Promise.all(VOLS.map((v) => sha256(master(v))));
    const run = cluster.cliInBackground(["runbook", "run", "lan-free-demo", "--wait"]);

    // Mid-run: the backup host has imported the shadows and archives them.
    const midRun = await until("the run at its backup step", 240_000, async () => {
      const runs = (await cluster.trpcGet("runbook.runs", { runbook: "lan-free-demo" })) as RunSummary[];
      return runs.find((r) => r.stepKey === "backup" && r.state === "running");
    });
    await cluster.stopConsole("SIGKILL", 0);

    const result = await run.result;
    expectOk(result, "runbook run --wait through the balancer");
    expect(result.stdout).toMatch(/run \S+ succeeded in /);

    const done = (await cluster.trpcGet("runbook.runGet", { id: midRun.id })) as RunDetail;
    expect(done.state).toBe("succeeded");
    expect(done.steps.every((s) => s.state === "succeeded")).toBe(true);
    expect(done.custody.map((c) => c.holder)).toEqual(["prod", null, "backup", null, "prod"]);

    // Nothing lost: the archive is the masters at the point in time; the shadows came home equal.
    const manifest = JSON.parse(await readFile(path.join(done.archives[0]!.dir, "manifest.json"), "utf8")) as {
      volumes: { file: string; sha256: string }[];
    };
    for (const [i, v] of VOLS.entries()) {
      expect(manifest.volumes[i]!.sha256).toBe(before[i]);
      expect(await sha256(path.join(done.archives[0]!.dir, manifest.volumes[i]!.file))).toBe(before[i]);
      expect(await cmpEqual(master(v), shadow(v))).toBe(true);
    }

    // No job run twice: every claim the agents logged is a different job, at its first attempt.
    const claims = [...claimsIn(await cluster.agentLog("prod")), ...claimsIn(await cluster.agentLog("backup"))];
    expect(claims.length).toBeGreaterThan(10);
    expect(new Set(claims.map((c) => c.split(" ")[0])).size).toBe(claims.length);
    expect(claims.filter((c) => !c.endsWith(" 1"))).toEqual([]);
  });
});
