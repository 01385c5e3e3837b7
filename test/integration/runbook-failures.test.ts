// Runbook runs that fail (issue 6): a failure injected at a step (quiesce, update, export, import,
// backup, release, rejoin, the freeze itself) stops the run there with a clear
// message naming step and host, the resume hook has run, the snapshot disk group is held by one
// host only, and once the cause is removed `runbook resume` completes the run. A run cancelled
// during the backup has its shadows brought home by `runbook rejoin`. Then a scheduled run
// starts and completes unattended. Real console, real agents, real CLI, real hooks.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmod, mkdir, mkdtemp, readFile, rm, stat, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { isHostOnline } from "@/lib/host-online";
import type { RunDetail, RunSummary } from "@/server/runbooks/run-select";
import { ConsoleCluster, expectOk } from "@/test/support/console-cluster";
import { cmpEqual } from "@/test/support/local-iiadm";

const VOLS = ["vol01", "vol02", "vol03", "vol04", "vol05"] as const;
const example = path.resolve(import.meta.dirname, "../../examples/lan-free-demo.yaml");

describe("runbook runs that fail, and resume", () => {
  let cluster: ConsoleCluster;
  let hooksDir: string;
  let archiveRoot: string;
  /** A loop block device standing in for a tape drive: written from its start, read back from its start. */
  let tape: string;
  const flag = (name: string) => path.join(hooksDir, name);
  const runbook = (...args: string[]) => cluster.cli(["runbook", ...args]);
  const hookLog = async () =>
    (await readFile(flag("hooks.log"), "utf8").catch(() => "")).trim().split("\n").filter(Boolean);
  const getRun = async (id: string) => (await cluster.trpcGet("runbook.runGet", { id })) as RunDetail;
  /** The log of a run's step `key`, one message per line. */
  const stepLog = (run: RunDetail, key: string) =>
    run.steps
      .find((s) => s.key === key)!
      .log.map((l) => l.message)
      .join("\n");
  const idOf = (text: string) => {
    const id = /run (\S+) of lan-free-demo/.exec(text)?.[1];
    if (!id) throw new Error(`no run id in: ${text}`);
    return id;
  };
  const owners = async () => {
    const meta = JSON.parse(
      await readFile(path.join(cluster.sanDir, "backup", ".pitcrew-dg.json"), "utf8").catch(() => "{}"),
    ) as { owner?: string | null };
    return meta.owner ?? null;
  };

  async function apply(changes: Record<string, unknown>): Promise<void> {
    // keepArchives belongs to archive directories only: a hook or tape backup drops it.
    const kind = (changes.backup as { kind?: string } | undefined)?.kind;
    const noKeep = kind === "hook" || kind === "tape";
    const spec = {
      ...(parseYaml(await readFile(example, "utf8")) as Record<string, unknown>),
      quiesceHook: "quiesce",
      resumeHook: "resume",
      ...(noKeep ? { keepArchives: null } : {}),
      ...changes,
    };
    const file = path.join(hooksDir, "runbook.json");
    await writeFile(file, JSON.stringify(spec));
    expectOk(await runbook("apply", file), "apply");
  }

  /** Runs with --wait, expecting it to stop at `step`; returns the run. */
  async function runExpectingFailure(step: string, host: string): Promise<RunDetail> {
    const r = await runbook("run", "lan-free-demo", "--wait");
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toMatch(new RegExp(`failed at step ${step} \\(.*\\) on ${host}: `));
    return getRun(idOf(r.stdout));
  }

  /** Starts a run whose backup hook sleeps (flag slow-backup), and returns its id once the hook runs. */
  async function startRunHeldInBackup(): Promise<string> {
    await apply({ backup: { kind: "hook", hook: "backup" } });
    await writeFile(flag("slow-backup"), "");
    const id = idOf(expectOk(await runbook("run", "lan-free-demo"), "run").stdout);
    await expect
      .poll(
        async () => {
          const r = await getRun(id);
          return r.stepKey === "backup" && (await hookLog()).at(-1) === "backup";
        },
        { timeout: 120_000, interval: 500 },
      )
      .toBe(true);
    return id;
  }

  /** Starts a run and kills the backup host's agent once the run is exporting; returns the id once it failed (at import). */
  async function runFailedAtImport(): Promise<string> {
    await apply({ backup: { kind: "hook", hook: "backup" } });
    const id = idOf(expectOk(await runbook("run", "lan-free-demo"), "run").stdout);
    await expect.poll(async () => (await getRun(id)).stepKey, { timeout: 120_000, interval: 200 }).toBe("export");
    await cluster.killAgent("backup");
    await expect.poll(async () => (await getRun(id)).state, { timeout: 90_000, interval: 1000 }).toBe("failed");
    return id;
  }

  async function resumeToEnd(run: RunDetail): Promise<RunDetail> {
    const r = expectOk(await runbook("resume", run.id, "--wait"), `resume ${run.id}`);
    expect(r.stdout).toContain(`run ${run.id} succeeded`);
    const done = await getRun(run.id);
    for (const v of VOLS)
      expect(await cmpEqual(cluster.volumePath("production", v), cluster.volumePath("backup", v))).toBe(true);
    expect(await owners()).toBe("prod");
    return done;
  }

  beforeAll(async () => {
    hooksDir = await mkdtemp(path.join(tmpdir(), "pitcrew-hooks-"));
    archiveRoot = path.join(hooksDir, "archives");
    await mkdir(archiveRoot);
    const script = async (name: string, body: string) => {
      await writeFile(flag(name), `#!/bin/sh\n${body}\n`);
      await chmod(flag(name), 0o755);
    };
    await script(
      "quiesce.sh",
      `echo quiesce >> ${flag("hooks.log")}\n[ -e ${flag("fail-quiesce")} ] && { echo "cannot freeze: flag set" >&2; exit 3; }\nsync`,
    );
    await script("resume.sh", `echo resume >> ${flag("hooks.log")}\nexit 0`);
    await script("backup.sh", `echo backup >> ${flag("hooks.log")}\n[ -e ${flag("slow-backup")} ] && sleep 60\nexit 0`);
    const hooks = {
      quiesce: { argv: [flag("quiesce.sh")], timeoutSeconds: 20 },
      resume: { argv: [flag("resume.sh")], timeoutSeconds: 20 },
      backup: { argv: [flag("backup.sh")], timeoutSeconds: 120 },
    };
    await writeFile(flag("tape.img"), "");
    await truncate(flag("tape.img"), 512 << 20);
    tape = execFileSync("losetup", ["--find", "--show", flag("tape.img")], { encoding: "utf8" }).trim();
    cluster = await ConsoleCluster.start({
      hosts: ["prod", "backup"],
      demoSanOwner: "prod",
      leaseSeconds: 5,
      agentConfig: () => ({ hooks, archiveRoots: [archiveRoot], tapeDevices: [tape], freezeBudgetSeconds: 120 }),
    });
  }, 180_000);
  afterAll(async () => {
    await cluster?.stop();
    if (tape) execFileSync("losetup", ["-d", tape]);
    try {
      execFileSync("umount", [path.join(archiveRoot, "small")], { stdio: "ignore" });
    } catch {
      /* not mounted */
    }
    await rm(hooksDir, { recursive: true, force: true });
  });

  it("a quiesce hook that fails stops the run at quiesce, resumed the application, and resume completes the run", async () => {
    await apply({});
    await writeFile(flag("fail-quiesce"), "");
    const run = await runExpectingFailure("quiesce", "prod");
    expect(run.error?.message).toContain("cannot freeze: flag set");
    expect((await hookLog()).slice(-2)).toEqual(["quiesce", "resume"]);
    expect(run.frozenMs).toBe(0);
    expect(await owners()).toBe("prod");
    await rm(flag("fail-quiesce"));
    const done = await resumeToEnd(run);
    expect(done.steps.filter((s) => s.key === "quiesce").map((s) => s.state)).toEqual(["failed", "succeeded"]);
  });

  it("a deport refused at export stops the run there with the busy volume named; resume deports and completes", async () => {
    expectOk(await cluster.cli(["svadm", "-H", "prod", "-e", "backup/vol01.bmp"]), "put a secondary bitmap under sv");
    const run = await runExpectingFailure("export", "prod");
    expect(run.error?.message).toMatch(/(stop the volumes of|deport disk group) backup: .*vol01\.bmp/);
    expect((await hookLog()).at(-1)).toBe("resume");
    expect(run.custody.at(-1)?.holder).toBe("prod");
    expect(await owners()).toBe("prod");
    expectOk(await cluster.cli(["svadm", "-H", "prod", "-d", "backup/vol01.bmp"]), "take it out of sv");
    await resumeToEnd(run);
  });

  it("an agent killed during the backup stops the run at backup, the disk group stays with the backup host only, and resume completes", async () => {
    const id = await startRunHeldInBackup();
    await cluster.killAgent("backup");
    await expect.poll(async () => (await getRun(id)).state, { timeout: 60_000, interval: 1000 }).toBe("failed");
    const run = await getRun(id);
    expect(run.error?.step).toBe("backup");
    expect(run.error?.host).toBe("backup");
    expect(run.custody.at(-1)?.holder).toBe("backup");
    expect(await owners()).toBe("backup");
    await rm(flag("slow-backup"));
    await cluster.startAgent("backup");
    await cluster.waitForInventory("backup", Date.now());
    const done = await resumeToEnd(run);
    expect(done.custody.map((c) => c.holder)).toEqual(["prod", null, "backup", null, "prod"]);
  });

  it("a full archive target stops the run at backup with the target named; after it grows, resume completes", async () => {
    const small = path.join(archiveRoot, "small");
    await mkdir(small, { recursive: true });
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", small]);
    await apply({ backup: { kind: "archive", targetDir: small } });
    const run = await runExpectingFailure("backup", "backup");
    expect(run.error?.code).toBe("ARCHIVE_ENOSPC");
    expect(run.error?.message).toContain(small);
    expect(await owners()).toBe("backup");
    execFileSync("mount", ["-o", "remount,size=1g", small]);
    const done = await resumeToEnd(run);
    expect(done.archives.filter((a) => !a.deletedAt)).toHaveLength(1);
  });

  it("the backup host lost before the import stops the run at import; the disk group is held by nobody; resume completes", async () => {
    const run = await getRun(await runFailedAtImport());
    expect(run.error?.step).toBe("import");
    expect(run.error?.message).toMatch(/host backup|silent|offline/);
    expect(await owners()).toBeNull();
    await cluster.startAgent("backup");
    await cluster.waitForInventory("backup", Date.now());
    await resumeToEnd(run);
  });

  /**
   * A run failed at import and abandoned is brought home with `rejoin`; every join logs `why` it
   * did not trust the secondary bitmap, and the next run succeeds with every shadow equal to its master.
   */
  async function bringHomeAbandonedRun(id: string, why: (vol: string) => RegExp): Promise<void> {
    await cluster.startAgent("backup");
    await cluster.waitForInventory("backup", Date.now());

    expectOk(await runbook("rejoin", id, "--wait"), "rejoin");
    const run = await getRun(id);
    expect(run.rejoinedAt).not.toBeNull();
    const log = stepLog(run, "rejoin");
    for (const v of VOLS) {
      expect(log).toMatch(
        new RegExp(
          `join shadow backup/${v} with backup/${v}\\.bmp \\(iiadm -n -J\\): done; the imported bitmap ${why(v).source}.*: the next update scans the whole shadow`,
        ),
      );
    }
    expect(await owners()).toBe("prod");
    const next = expectOk(await runbook("run", "lan-free-demo", "--wait"), "next run");
    expect(next.stdout).toMatch(/run \S+ succeeded/);
    for (const v of VOLS)
      expect(await cmpEqual(cluster.volumePath("production", v), cluster.volumePath("backup", v))).toBe(true);
  }

  it("a run abandoned between its export and the import is brought home over secondary bitmaps never written, as on a first run", async () => {
    const id = await runFailedAtImport();
    expect((await getRun(id)).error?.step).toBe("import");
    expectOk(await runbook("cancel", id), "abandon");
    // As on the first run of a runbook: the backup host never wrote a header into them.
    for (const v of VOLS) {
      const bmp = cluster.volumePath("backup", `${v}.bmp`);
      const size = (await stat(bmp)).size;
      await truncate(bmp, 0);
      await truncate(bmp, size);
    }
    await bringHomeAbandonedRun(id, () => /has no usable header/);
  });

  it("a later run abandoned between its export and the import does not trust the secondary bitmaps the run before it left", async () => {
    const id = await runFailedAtImport();
    expectOk(await runbook("cancel", id), "abandon");
    // The bitmaps still hold the previous run's record, disabled and valid, but of its export.
    await bringHomeAbandonedRun(id, (v) => new RegExp(`was written for an earlier export of \\S*${v}`));
  });

  it("a deport refused on the backup host stops the run at release; resume completes", async () => {
    await apply({ backup: { kind: "hook", hook: "backup" } });
    await writeFile(flag("slow-backup"), "");
    const id = idOf(expectOk(await runbook("run", "lan-free-demo"), "run").stdout);
    await expect
      .poll(async () => (await getRun(id)).stepKey === "backup" && (await hookLog()).at(-1) === "backup", {
        timeout: 120_000,
        interval: 500,
      })
      .toBe(true);
    // The agent runs one job at a time: the svadm job is queued behind the backup hook, and so
    // runs before the release step's first job, which is issued only once the hook has ended.
    const underSv = cluster.cli(["svadm", "-H", "backup", "-e", "backup/vol02.bmp"]);
    await expect
      .poll(
        async () =>
          ((await cluster.trpcGet("job.list", { host: "backup", state: "queued" })) as { kind: string }[]).some(
            (j) => j.kind === "sv.enable",
          ),
        { timeout: 30_000, interval: 300 },
      )
      .toBe(true);
    await rm(flag("slow-backup"));
    execFileSync("pkill", ["-f", "sleep 60"]);
    expectOk(await underSv, "a secondary bitmap under sv on backup");
    await expect.poll(async () => (await getRun(id)).state, { timeout: 90_000, interval: 1000 }).toBe("failed");
    const run = await getRun(id);
    expect(run.error?.step).toBe("release");
    expect(run.error?.host).toBe("backup");
    expect(run.error?.message).toContain("vol02.bmp");
    expect(await owners()).toBe("backup");
    expectOk(await cluster.cli(["svadm", "-H", "backup", "-d", "backup/vol02.bmp"]), "take it out of sv");
    await resumeToEnd(run);
  });

  it("a run waits at the rejoin gate for approval; the production host lost there stops it at rejoin; resume completes", async () => {
    await apply({ backup: { kind: "hook", hook: "backup" }, approveRejoin: true });
    const id = idOf(expectOk(await runbook("run", "lan-free-demo"), "run").stdout);
    await expect
      .poll(async () => (await getRun(id)).state, { timeout: 120_000, interval: 500 })
      .toBe("awaiting-approval");
    const waiting = await getRun(id);
    expect(waiting.backupWrites).toBe(0);
    expect(await owners()).toBeNull();
    await cluster.killAgent("prod");
    // Past the 15 s online window, so the rejoin finds its host offline.
    await new Promise((r) => setTimeout(r, 17_000));
    expect(expectOk(await runbook("approve", id), "approve").stdout).toContain("rejoin approved");
    await expect.poll(async () => (await getRun(id)).state, { timeout: 60_000, interval: 1000 }).toBe("failed");
    const run = await getRun(id);
    expect(run.error?.step).toBe("rejoin");
    expect(run.error?.message).toContain("host prod is offline");
    expect(await owners()).toBeNull();
    await cluster.startAgent("prod");
    await cluster.waitForInventory("prod", Date.now());
    await resumeToEnd(run);
  });

  it("a shadow that cannot be written stops the run at update with the volume named; after it is fixed and reset, resume completes", async () => {
    await apply({ backup: { kind: "hook", hook: "backup" } });
    const shadow = cluster.volumePath("backup", "vol03");
    // Immutable stops root too: the update's write to this shadow fails as a dead disk would.
    execFileSync("chattr", ["+i", shadow]);
    try {
      const run = await runExpectingFailure("update", "prod");
      expect(run.error?.message).toContain("vol03");
      expect(run.error?.message).toMatch(/offline during the copy \(target volume .*: EPERM/);
      expect((await hookLog()).slice(-2)).toEqual(["quiesce", "resume"]);
      expect(run.frozenSince).toBeNull();
      expect(run.custody.at(-1)?.holder).toBe("prod");
      expect(await owners()).toBe("prod");
      // Until the operator resets the set, a resume is refused at the same step, saying so.
      execFileSync("chattr", ["-i", shadow]);
      const again = await runbook("resume", run.id, "--wait");
      expect(again.status).toBe(3);
      expect(again.stderr).toMatch(/failed at step update .*reset it with -R/);
      expectOk(await cluster.cli(["iiadm", "-H", "prod", "-R", "backup/vol03"]), "reset");
      expectOk(await cluster.cli(["iiadm", "-H", "prod", "-w", "backup/vol03"]), "wait for the reset's copy");
      await resumeToEnd(run);
    } finally {
      execFileSync("chattr", ["-i", shadow]);
    }
  });

  it("a tape backup writes one tar stream of the shadows that plain tar restores; a device the agent does not list is refused before the run", async () => {
    await apply({ backup: { kind: "tape", device: "/dev/st7" } });
    const refused = await runbook("run", "lan-free-demo");
    expect(refused.status, refused.stderr).toBe(1);
    expect(refused.stderr).toContain(
      `backup.device: /dev/st7 is not in the tapeDevices of the agent config of host backup (its tape devices: ${tape})`,
    );

    await apply({ backup: { kind: "tape", device: tape } });
    const id = idOf(expectOk(await runbook("run", "lan-free-demo", "--wait"), "tape run").stdout);
    const run = await getRun(id);
    expect(run.state).toBe("succeeded");
    expect(run.archives.at(-1)).toMatchObject({ dir: tape });
    // What an operator restores with, without pitcrew: tar, straight off the device.
    const members = execFileSync("tar", ["-t", "-f", tape], { encoding: "utf8" }).trim().split("\n");
    expect(members.at(-1)).toBe(`${run.archiveLabel}/manifest.json`);
    expect(members.slice(0, -1).sort()).toEqual(VOLS.map((v) => `${run.archiveLabel}/backup-${v}.img`));
    const out = path.join(hooksDir, "restored");
    await mkdir(out);
    execFileSync("tar", ["-x", "-f", tape, "-C", out]);
    const sha = async (file: string) =>
      createHash("sha256")
        .update(await readFile(file))
        .digest("hex");
    for (const v of VOLS) {
      // Nothing wrote to the masters since the point in time: the restored shadows equal them.
      expect(await sha(path.join(out, run.archiveLabel, `backup-${v}.img`))).toBe(
        await sha(cluster.volumePath("production", v)),
      );
    }
  });

  it("an update longer than the freeze budget fails the run at resume: the point in time is not trusted", async () => {
    await apply({ freezeBudgetSeconds: 0.001, backup: { kind: "hook", hook: "backup" } });
    const run = await runExpectingFailure("resume", "prod");
    expect(run.error?.code).toBe("FREEZE_BUDGET_EXCEEDED");
    expect(run.error?.message).toContain("had already thawed the application by itself");
    expect(run.frozenSince).toBeNull();
    expectOk(await runbook("cancel", run.id), "abandon");
    expect((await getRun(run.id)).state).toBe("cancelled");
    const refused = await runbook("rejoin", run.id);
    expect(refused.status, refused.stdout).toBe(1);
    expect(refused.stderr).toContain("before it exported anything: its shadows never left host prod");
  });

  it("a run cancelled during the backup leaves its shadows on the backup host; rejoin brings them home, and the next run copies over what the backup host wrote", async () => {
    const id = await startRunHeldInBackup();
    expectOk(await runbook("cancel", id), "cancel");
    await expect.poll(async () => (await getRun(id)).state, { timeout: 60_000, interval: 500 }).toBe("cancelled");
    await rm(flag("slow-backup"));
    expect(await owners()).toBe("backup");
    // The backup host writes into a shadow it holds (a backup tool's scratch, say): 4 chunks of 32 KiB.
    const shadow = cluster.volumePath("backup", "vol02");
    execFileSync("dd", [
      "if=/dev/urandom",
      `of=${shadow}`,
      "bs=32k",
      "count=4",
      "seek=10",
      "conv=notrunc,fsync",
      "status=none",
    ]);
    expect(await cmpEqual(cluster.volumePath("production", "vol02"), shadow)).toBe(false);

    expect(expectOk(await runbook("list"), "list").stdout).toContain(`; SHADOWS AWAY (pitcrew runbook rejoin ${id})`);
    const blocked = await runbook("run", "lan-free-demo");
    expect(blocked.status, blocked.stdout).toBe(1);
    expect(blocked.stderr).toContain("pitcrew runbook rejoin RUN");

    const home = expectOk(await runbook("rejoin", id, "--wait"), "rejoin");
    expect(home.stdout).toContain(`run ${id}: shadows brought home at `);
    const run = await getRun(id);
    expect(run.state).toBe("cancelled");
    expect(run.rejoinedAt).not.toBeNull();
    expect(run.steps.filter((s) => s.key === "release" || s.key === "rejoin").map((s) => [s.key, s.state])).toEqual([
      ["release", "succeeded"],
      ["rejoin", "succeeded"],
    ]);
    expect(run.backupWrites).toBe(4);
    expect(run.custody.at(-1)?.holder).toBe("prod");
    expect(await owners()).toBe("prod");
    expect(expectOk(await runbook("list"), "list").stdout).not.toContain("SHADOWS AWAY");
    const again = await runbook("rejoin", id);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`run ${id}'s shadows were brought home at `);

    // The next run needs nothing by hand, and its update overwrites what the backup host wrote.
    const next = expectOk(await runbook("run", "lan-free-demo", "--wait"), "next run");
    expect(next.stdout).toMatch(/run \S+ succeeded/);
    for (const v of VOLS)
      expect(await cmpEqual(cluster.volumePath("production", v), cluster.volumePath("backup", v))).toBe(true);
  });

  it("a backup host lost while it holds the shadows: its release cannot run, and rejoin without it takes the disk group over; the next run copies over what it wrote", async () => {
    const id = await startRunHeldInBackup();
    const shadow = cluster.volumePath("backup", "vol03");
    execFileSync("dd", [
      "if=/dev/urandom",
      `of=${shadow}`,
      "bs=32k",
      "count=4",
      "seek=20",
      "conv=notrunc,fsync",
      "status=none",
    ]);
    await cluster.killAgent("backup");
    await expect.poll(async () => (await getRun(id)).state, { timeout: 60_000, interval: 1000 }).toBe("failed");
    await rm(flag("slow-backup"));
    expectOk(await runbook("cancel", id), "abandon");
    // The console calls a host offline after three missed heartbeats.
    await expect
      .poll(
        async () => {
          const host = (await cluster.trpcGet("host.get", { name: "backup" })) as { lastHeartbeat: string | null };
          return !isHostOnline(host.lastHeartbeat, Date.now());
        },
        { timeout: 60_000, interval: 1000 },
      )
      .toBe(true);

    const plain = await runbook("rejoin", id, "--wait");
    expect(plain.status, plain.stdout).toBe(3);
    expect((await getRun(id)).error).toMatchObject({ step: "release", host: "backup" });
    expect((await getRun(id)).error?.message).toContain("host backup is offline");
    expect(await owners()).toBe("backup");

    const home = expectOk(
      await runbook("rejoin", id, "--without-backup-host", "--wait"),
      "rejoin without the backup host",
    );
    expect(home.stdout).toContain(`run ${id}: shadows brought home without the backup host at `);
    const run = await getRun(id);
    expect(run).toMatchObject({ state: "cancelled", rejoinForced: true });
    expect(run.steps.filter((s) => s.key === "release" || s.key === "rejoin").map((s) => [s.key, s.state])).toEqual([
      ["release", "failed"],
      ["rejoin", "succeeded"],
    ]);
    const rejoinLog = stepLog(run, "rejoin");
    expect(rejoinLog).toContain("import disk group backup, clearing host backup's lock (vxdg import -C): done");
    expect(rejoinLog).toContain("without backup's record (iiadm -n -J; the next update scans it): done");
    expect(await owners()).toBe("prod");
    expect(expectOk(await runbook("status", id), "status").stdout).toContain(
      "shadows brought home without the backup host at ",
    );
    expect(expectOk(await runbook("list"), "list").stdout).not.toContain("SHADOWS AWAY");

    // The backup host comes back with its stale imported sets. The next run imports every shadow
    // again over them, its join trusts what the backup host recorded, and it ends with every shadow
    // equal to its master, the chunks the lost host wrote overwritten.
    await cluster.startAgent("backup");
    await cluster.waitForInventory("backup", Date.now());
    const next = expectOk(await runbook("run", "lan-free-demo", "--wait"), "next run");
    expect(next.stdout).toMatch(/run \S+ succeeded/);
    const nextRun = await getRun(idOf(next.stdout));
    for (const v of VOLS)
      expect(stepLog(nextRun, "import")).toContain(
        `import shadow backup/${v} with backup/${v}.bmp (iiadm -I), replacing its import of an earlier export: done`,
      );
    expect(stepLog(nextRun, "rejoin")).not.toContain("scans the whole shadow");
    for (const v of VOLS)
      expect(await cmpEqual(cluster.volumePath("production", v), cluster.volumePath("backup", v))).toBe(true);
    expect(await owners()).toBe("prod");
  });

  it("a scheduled run starts by itself and completes", async () => {
    await apply({ backup: { kind: "hook", hook: "backup" }, schedule: "*/5 * * * * *" });
    let scheduled: RunSummary | undefined;
    await expect
      .poll(
        async () => {
          const runs = (await cluster.trpcGet("runbook.runs", { runbook: "lan-free-demo" })) as RunSummary[];
          scheduled = runs.find((r) => r.trigger === "schedule" && r.state === "succeeded");
          return scheduled !== undefined;
        },
        { timeout: 240_000, interval: 1000 },
      )
      .toBe(true);
    expect(scheduled?.requestedBy).toBe("schedule");
    await apply({ backup: { kind: "hook", hook: "backup" } });
    for (const v of VOLS)
      expect(await cmpEqual(cluster.volumePath("production", v), cluster.volumePath("backup", v))).toBe(true);
  });
});
