// The smaller items of issue 21 (finding 10), through the real console, real agents and the real
// CLI: a runbook whose archive targetDir lies outside the backup agent's archiveRoots is refused
// before a run (it used to fail at the backup step, after the export); a path operand with a NUL
// or another control character is refused at the console and queues nothing; the overview renders
// without the console logging a TRPCError; and a dg job that ends interrupted on its host makes
// the CLI exit 2 (a job that failed on the host), not 1 (a console refusal).
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import type { JobListItem } from "@/server/jobs/job-select";
import { ConsoleCluster, expectOk } from "@/test/support/console-cluster";

const example = path.resolve(import.meta.dirname, "../../examples/lan-free-demo.yaml");

describe("small refusals and exit statuses", () => {
  let cluster: ConsoleCluster;
  const jobIds = async (host: string) =>
    ((await cluster.trpcGet("job.list", { host })) as JobListItem[]).map((j) => j.id).sort();

  beforeAll(async () => {
    // A 5 s lease: the job of a killed agent is interrupted within seconds.
    cluster = await ConsoleCluster.start({ hosts: ["prod", "backup"], demoSanOwner: "prod", leaseSeconds: 5 });
  }, 180_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it("refuses a runbook whose archive targetDir is outside the backup agent's archiveRoots, in the check and before a run, naming field, runbook, host and roots", async () => {
    const roots = path.join(cluster.dataDir, "archives");
    const demo = parseYaml(await readFile(example, "utf8")) as Record<string, unknown>;
    const spec = { ...demo, backup: { kind: "archive", targetDir: "/var/tmp/not-an-archive-root" } };
    const expected =
      `backup.targetDir: /var/tmp/not-an-archive-root of runbook lan-free-demo is outside the archiveRoots ` +
      `of the agent config of host backup (its archive roots: ${roots})`;

    const check = (await cluster.trpcGet("runbook.check", { spec })) as { problems: string[] };
    expect(check.problems.join("\n")).toContain(expected);

    const file = path.join(cluster.dataDir, "runbook.json");
    await writeFile(file, JSON.stringify(spec));
    expectOk(await cluster.cli(["runbook", "apply", file]), "apply");
    const run = await cluster.cli(["runbook", "run", "lan-free-demo"]);
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toContain(expected);
    expect(await cluster.trpcGet("runbook.runs", { runbook: "lan-free-demo" })).toEqual([]);

    // The demo's relative target (under the first root) and an absolute one under the root pass.
    for (const targetDir of ["lan-free-demo", `${roots}/nightly`]) {
      const ok = (await cluster.trpcGet("runbook.check", {
        spec: { ...demo, backup: { kind: "archive", targetDir } },
      })) as { problems: string[] };
      expect(ok.problems.filter((p) => p.startsWith("backup.targetDir"))).toEqual([]);
    }
  });

  it("refuses a volume path with a NUL or another control character, naming the field, and queues no job", async () => {
    const before = await jobIds("prod");
    const vol01 = cluster.volumePath("production", "vol01");

    const nul = await cluster.trpcPost("sv.enable", { host: "prod", volumes: [`${vol01}\u0000.bmp`] });
    expect(nul.status).toBe(400);
    expect(nul.error?.message).toContain("volumes");
    expect(nul.error?.message).toContain("NUL (U+0000)");
    const shadow = await cluster.trpcPost("set.enable", {
      host: "prod",
      type: "ind",
      master: vol01,
      shadow: `${cluster.volumePath("backup", "vol01")}\u0000`,
      bitmap: "production/vol01.bmp",
    });
    expect(shadow.status).toBe(400);
    expect(shadow.error?.message).toContain("shadow");

    // Through the CLI: argv cannot carry a NUL, but a newline it can.
    const cli = await cluster.cli(["svadm", "-H", "prod", "-e", `${vol01}\n`]);
    expect(cli.status, cli.stderr).toBe(1);
    expect(cli.stderr).toContain("volumes:");
    expect(cli.stderr).toContain("newline (U+000A)");

    expect(await jobIds("prod")).toEqual(before);
  });

  it("renders the overview without the console logging a TRPCError", async () => {
    const signIn = await cluster.trpcPost(
      "auth.signIn",
      { username: "admin", password: cluster.password },
      { token: null },
    );
    expect(signIn.status).toBe(200);
    const cookie = signIn.setCookie!.split(";")[0]!;
    const logBefore = cluster.consoleLog().length;
    const page = await fetch(`${cluster.url}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Overview");
    // The page has streamed to its end, so every prefetch has settled and logged what it would.
    expect(cluster.consoleLog().slice(logBefore)).not.toMatch(/TRPC\w*Error|expected number, received function/);
  });

  it("exits 2 when a dg job ends interrupted on its host, where a console refusal exits 1", async () => {
    const refused = await cluster.cli(["dg", "-H", "no-such-host", "deport", "backup"]);
    expect(refused.status, refused.stderr).toBe(1);
    expect(refused.stderr).toContain("no-such-host");

    // Another machine's host holds disk group backup's lock: the deport waits for it, so its job is
    // running when the agent is killed, and with no agent to renew the lease it ends interrupted.
    const lock = path.join(cluster.sanDir, "backup", ".pitcrew-dg.lock");
    await writeFile(
      lock,
      JSON.stringify({
        token: "small-refusals",
        host: "elsewhere",
        machine: "another-machine/0",
        pid: 1,
        startTime: "0",
        createdAt: new Date().toISOString(),
      }),
    );
    try {
      const deport = cluster.cli(["dg", "-H", "prod", "deport", "backup"]);
      await expect
        .poll(
          async () =>
            ((await cluster.trpcGet("job.list", { host: "prod", state: "running" })) as JobListItem[]).some(
              (j) => j.kind === "dg.deport",
            ),
          { timeout: 30_000, interval: 200 },
        )
        .toBe(true);
      await cluster.killAgent("prod");
      const r = await deport;
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain("AGENT_SILENT");
      const jobs = (await cluster.trpcGet("job.list", { host: "prod", state: "interrupted" })) as JobListItem[];
      expect(jobs.map((j) => j.kind)).toContain("dg.deport");
    } finally {
      await rm(lock, { force: true });
    }
  }, 60_000);
});
