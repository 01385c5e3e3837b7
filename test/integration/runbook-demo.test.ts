// The shipped demo runbook (examples/lan-free-demo.yaml) on the `npm start` layout: a real console,
// real prod and backup agents on one SAN folder, and the real CLI. One run does the whole seed
// procedure; its archive holds exactly the masters' bytes at the point in time, custody moves
// prod → nobody → backup → nobody → prod, and after the resync every shadow equals its master.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunDetail } from "@/server/runbooks/run-select";
import { ConsoleCluster, expectOk } from "@/test/support/console-cluster";
import { cmpEqual, sha256, writeRandomChunks } from "@/test/support/local-iiadm";

const VOLS = ["vol01", "vol02", "vol03", "vol04", "vol05"] as const;
const example = path.resolve(import.meta.dirname, "../../examples/lan-free-demo.yaml");

describe("the demo runbook across two hosts", () => {
  let cluster: ConsoleCluster;
  const master = (v: string) => cluster.volumePath("production", v);
  const shadow = (v: string) => cluster.volumePath("backup", v);
  const runbook = (...args: string[]) => cluster.cli(["runbook", ...args]);
  const runOf = async (stdout: string) => {
    const id = /run (\S+) of lan-free-demo started/.exec(stdout)?.[1];
    if (!id) throw new Error(`no run id in: ${stdout}`);
    return (await cluster.trpcGet("runbook.runGet", { id })) as RunDetail;
  };

  beforeAll(async () => {
    cluster = await ConsoleCluster.start({ hosts: ["prod", "backup"], demoSanOwner: "prod" });
  }, 180_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it("applies the example and runs the whole procedure: archive = masters at the point in time, shadows = masters after the resync", async () => {
    expect(expectOk(await runbook("apply", example), "apply").stdout).toBe("runbook lan-free-demo created\n");
    expect(expectOk(await runbook("apply", example), "apply again").stdout).toBe("runbook lan-free-demo updated\n");
    const before = await Promise.all(VOLS.map((v) => sha256(master(v))));

    const started = Date.now();
    const first = expectOk(await runbook("run", "lan-free-demo", "--wait"), "first run");
    const seconds = (Date.now() - started) / 1000;
    expect(first.stdout).toMatch(/step export \(Export and deport\) on prod/);
    expect(first.stdout).toMatch(/run \S+ succeeded in .*; application frozen \d+\.\d s; point in time 20\d\d-/);
    const run = await runOf(first.stdout);
    expect(run.state).toBe("succeeded");
    expect(run.steps.map((s) => `${s.key}:${s.state}`)).toEqual([
      "prepare:succeeded",
      "quiesce:succeeded",
      "update:succeeded",
      "resume:succeeded",
      "export:succeeded",
      "import:succeeded",
      "backup:succeeded",
      "release:succeeded",
      "rejoin:succeeded",
      "resync:succeeded",
    ]);
    expect(run.custody.map((c) => c.holder)).toEqual(["prod", null, "backup", null, "prod"]);
    expect(run.frozenMs).toBeGreaterThan(0);
    expect(run.backupWrites).toBe(0);
    console.log(`demo run 1: ${seconds.toFixed(1)} s, application frozen ${(run.frozenMs / 1000).toFixed(2)} s`);

    // The archive under the backup agent's root: the five shadows, verified, equal to the masters.
    expect(run.archives).toHaveLength(1);
    const dir = run.archives[0]!.dir;
    expect(dir).toBe(path.join(cluster.dataDir, "archives", "lan-free-demo", run.archiveLabel));
    const manifest = JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8")) as {
      volumes: { file: string; sha256: string }[];
      pointInTime: string;
    };
    expect(manifest.pointInTime).toBe(run.pointInTime);
    for (const [i, v] of VOLS.entries()) {
      const entry = manifest.volumes[i]!;
      expect(entry.sha256).toBe(before[i]);
      expect(await sha256(path.join(dir, entry.file))).toBe(before[i]);
      expect(await cmpEqual(master(v), shadow(v))).toBe(true);
    }

    // A second run after the application wrote: only the new point in time is archived, and the
    // set's lineage lists both archives.
    for (const v of VOLS.slice(0, 2)) await writeRandomChunks(master(v), 16);
    const changed = await Promise.all(VOLS.map((v) => sha256(master(v))));
    const second = await runOf(expectOk(await runbook("run", "lan-free-demo", "--wait"), "second run").stdout);
    expect(second.steps.find((s) => s.key === "prepare")?.state).toBe("skipped");
    const manifest2 = JSON.parse(await readFile(path.join(second.archives[0]!.dir, "manifest.json"), "utf8")) as {
      volumes: { sha256: string }[];
    };
    expect(manifest2.volumes.map((e) => e.sha256)).toEqual(changed);
    for (const v of VOLS) expect(await cmpEqual(master(v), shadow(v))).toBe(true);
    const lineage = (await cluster.trpcGet("runbook.lineage", { shadow: shadow("vol01") })) as {
      runId: string;
      sha256: string;
    }[];
    expect(lineage.map((l) => [l.runId, l.sha256])).toEqual([
      [second.id, changed[0]],
      [run.id, before[0]],
    ]);

    const status = expectOk(await runbook("status", second.id), "status").stdout;
    expect(status).toContain(`run ${second.id} of lan-free-demo: succeeded`);
    expect(status).toMatch(/custody of the snapshot disk group:\n.*prod .*\n.*nobody .*\n.*backup /);
  });

  it("refuses a run whose snapshot disk group holds something else, naming it, and starts nothing", async () => {
    expectOk(await cluster.cli(["vol", "-H", "prod", "create", "backup/stray", "1M"]), "create a stray volume");
    const runsBefore = (await cluster.trpcGet("runbook.runs", { runbook: "lan-free-demo" })) as unknown[];
    const refused = await runbook("run", "lan-free-demo", "--wait");
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(
      "snapshotDiskGroup: backup/stray is neither a shadow of group Backup1 nor its secondary bitmap",
    );
    expect(await cluster.trpcGet("runbook.runs", { runbook: "lan-free-demo" })).toHaveLength(runsBefore.length);
  });
});
