// The runbook with instant points in time (docs/consistency-modes.md): disk group production
// lives on XFS with reflink, so every set is instant. The masters vol01 and vol02 are ext4 file
// systems in image files on it, loop-attached and mounted, with a process writing new files into
// them all along (it logs each file it completed, with its SHA-256); the hooks are `fsfreeze -f`
// and `fsfreeze -u`. The run resumes the application as soon as the update's clones exist, while
// the copy to the shadows goes on (slowed by a copy throttle, so it lasts): the backup host then
// sees exactly the files completed before the quiesce, intact, and none begun after the resume;
// and the run records a freeze that is a small fraction of its copy.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, truncateSync, statSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { minBitmapBytes } from "@/lib/bitmap-size";
import { ConsoleCluster, expectOk } from "@/test/support/console-cluster";
import { canUseLoopDevices, cleanup, scratchDir } from "@/test/support/local-iiadm";
import { makeFileSystem, unmount } from "@/test/support/sharing-file-systems";
import { mountExt4Masters, type MountedMasters } from "@/test/support/mounted-masters";

const FS_VOLS = ["vol01", "vol02"] as const;
const ALL_VOLS = ["vol01", "vol02", "vol03", "vol04", "vol05"] as const;
const MiB = 1 << 20;
/** vol01 is big enough to hold more changed data than one throttle unit (100 I/Os of 4 MiB). */
const VOL01_BYTES = 768 * MiB;
const BULK_MIB = 440;
/** -P: pause 20 s after each 400 MiB copied, so the update's copy lasts well beyond the freeze. */
const THROTTLE_DELAY_TICKS = 2000;
const example = path.resolve(import.meta.dirname, "../../examples/lan-free-demo.yaml");

interface Written {
  vol: string;
  name: string;
  sha256: string;
  startedAt: number;
  doneAt: number;
}

// The application: new files (never rewritten) in each mounted master, one after another; a file
// is logged once its write returned. A write into a frozen file system waits for the thaw.
const WRITER = `
const fs = require("node:fs"), crypto = require("node:crypto"), path = require("node:path");
const [log, ...dirs] = process.argv.slice(2);
const pause = new Int32Array(new SharedArrayBuffer(4));
for (let i = 1; ; i++) {
  for (const dir of dirs) {
    const name = "f" + String(i).padStart(6, "0");
    const data = crypto.randomBytes(16384 + (i % 7) * 8192);
    const startedAt = Date.now();
    fs.writeFileSync(path.join(dir, name), data);
    const sha = crypto.createHash("sha256").update(data).digest("hex");
    fs.appendFileSync(log, [path.basename(dir), name, sha, startedAt, Date.now()].join(" ") + "\\n");
  }
  Atomics.wait(pause, 0, 0, 40);
}`;

function readWritten(file: string): Written[] {
  return readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [vol, name, sha256, startedAt, doneAt] = line.split(" ");
      return { vol: vol!, name: name!, sha256: sha256!, startedAt: Number(startedAt), doneAt: Number(doneAt) };
    });
}

/** "sha256 name" → sha256, for every file the backup host's hook listed. */
function readSums(file: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of readFileSync(file, "utf8").trim().split("\n").filter(Boolean)) {
    const m = /^([0-9a-f]{64}) [ *]\.\/(.+)$/.exec(line);
    if (m) sums.set(m[2]!, m[1]!);
  }
  return sums;
}

const firstTime = (file: string) => Number(readFileSync(file, "utf8").trim().split("\n")[0]);

describe("the runbook resumes the application once the update's clones exist (XFS with reflink)", () => {
  let cluster: ConsoleCluster;
  let work = "";
  let xfsMounted = false;
  let masters: MountedMasters | undefined;
  let writer: ChildProcess | null = null;
  const mnt = (v: string) => path.join(work, "mnt", v);

  beforeAll(async () => {
    expect(canUseLoopDevices, "loop devices are required here (root and /dev/loop-control)").toBe(true);
    work = scratchDir("runbook-instant");
    const script = async (name: string, body: string) => {
      await writeFile(path.join(work, name), `#!/bin/sh\nset -e\n${body}\n`);
      await chmod(path.join(work, name), 0o755);
    };
    // Times in ms: the quiesce's start, and the end of the resume (each appended at every freeze).
    await script(
      "quiesce.sh",
      [`date +%s%3N >> ${work}/quiesce-at`, ...FS_VOLS.map((v) => `fsfreeze -f ${mnt(v)}`)].join("\n"),
    );
    await script(
      "resume.sh",
      [...FS_VOLS.map((v) => `fsfreeze -u ${mnt(v)} || true`), `date +%s%3N >> ${work}/resume-at`].join("\n"),
    );
    // The backup host: each imported shadow mounted read-only, the SHA-256 of each of its files listed.
    await script(
      "backup.sh",
      FS_VOLS.map((v) =>
        [
          `mkdir -p ${work}/ro-${v}`,
          `mount -o ro,loop,noload $SAN/backup/${v} ${work}/ro-${v}`,
          `(cd ${work}/ro-${v} && find . -path ./lost+found -prune -o -type f -print | sort | xargs -r sha256sum) > ${work}/backup-${v}.sum`,
          `umount ${work}/ro-${v}`,
        ].join("\n"),
      ).join("\n"),
    );
    const hooks = {
      quiesce: { argv: [path.join(work, "quiesce.sh")], timeoutSeconds: 30 },
      resume: { argv: [path.join(work, "resume.sh")], timeoutSeconds: 30 },
      backup: { argv: [path.join(work, "backup.sh")], timeoutSeconds: 300 },
    };
    cluster = await ConsoleCluster.start({
      hosts: ["prod", "backup"],
      demoSanOwner: "prod",
      agentConfig: () => ({ hooks, freezeBudgetSeconds: 120 }),
    });
    await writeFile(
      path.join(work, "backup.sh"),
      (await readFile(path.join(work, "backup.sh"), "utf8")).replaceAll("$SAN", cluster.sanDir),
    );

    // Disk group production moves onto XFS with reflink, contents and all.
    const production = path.join(cluster.sanDir, "production");
    const image = path.join(work, "production-xfs.img");
    makeFileSystem("xfs", image, 3072);
    const staging = path.join(work, "staging");
    await mkdir(staging);
    execFileSync("mount", ["-o", "loop", image, staging]);
    execFileSync("cp", ["-a", "--sparse=always", `${production}/.`, staging]);
    execFileSync("umount", [staging]);
    execFileSync("mount", ["-o", "loop", image, production]);
    xfsMounted = true;

    // vol01 grows (master and shadow, and both its bitmaps as the master's size needs).
    for (const file of [cluster.volumePath("production", "vol01"), cluster.volumePath("backup", "vol01")])
      truncateSync(file, VOL01_BYTES);
    for (const file of [cluster.volumePath("production", "vol01.bmp"), cluster.volumePath("backup", "vol01.bmp")]) {
      if (statSync(file).size < minBitmapBytes(VOL01_BYTES)) truncateSync(file, minBitmapBytes(VOL01_BYTES));
    }
    masters = await mountExt4Masters(
      FS_VOLS.map((v) => ({ volume: cluster.volumePath("production", v), mountPoint: mnt(v) })),
    );
  }, 300_000);

  afterAll(async () => {
    if (writer?.pid)
      try {
        process.kill(writer.pid, "SIGKILL");
      } catch {
        /* gone */
      }
    masters?.release();
    if (cluster) for (const host of ["prod", "backup"]) await cluster.killAgent(host, "SIGTERM");
    if (xfsMounted) unmount(path.join(cluster.sanDir, "production"));
    await cluster?.stop();
    if (work) cleanup(work);
  });

  it("archives exactly the files completed before the quiesce, none begun after the resume, and freezes for a small part of the copy", async () => {
    // The sets, enabled before the run (each an instant set: its master is a file on XFS with reflink).
    for (const v of ALL_VOLS) {
      expectOk(
        await cluster.cli([
          "iiadm",
          "-H",
          "prod",
          "-g",
          "Backup1",
          "-e",
          "ind",
          `production/${v}`,
          `backup/${v}`,
          `production/${v}.bmp`,
        ]),
        `enable ${v}`,
      );
      // -e returns once the full copy has started; the group is busy until it ends.
      expectOk(await cluster.cli(["iiadm", "-H", "prod", "-g", "Backup1", "-w"]), `wait for ${v}`);
    }

    // Data the next update must copy (more than one throttle unit in vol01), then the throttle.
    const bulk = path.join(mnt("vol01"), "bulk");
    execFileSync("sh", ["-c", `head -c ${BULK_MIB}M /dev/urandom > ${bulk} && sync`]);
    const bulkSha = createHash("sha256").update(readFileSync(bulk)).digest("hex");
    expectOk(
      await cluster.cli(["iiadm", "-H", "prod", "-P", String(THROTTLE_DELAY_TICKS), "100", "backup/vol01"]),
      "throttle",
    );

    const log = path.join(work, "written.log");
    await writeFile(path.join(work, "writer.js"), WRITER);
    writer = spawn(process.execPath, [path.join(work, "writer.js"), log, ...FS_VOLS.map(mnt)], { stdio: "ignore" });
    await new Promise((r) => setTimeout(r, 2_000));

    const spec = {
      ...(parseYaml(await readFile(example, "utf8")) as Record<string, unknown>),
      quiesceHook: "quiesce",
      resumeHook: "resume",
      keepArchives: null,
      backup: { kind: "hook", hook: "backup" },
      resyncAfterJoin: false,
    };
    await writeFile(path.join(work, "runbook.json"), JSON.stringify(spec));
    expectOk(await cluster.cli(["runbook", "apply", path.join(work, "runbook.json")]), "apply");
    // Before the run, the runbook's page shows every set instant, and no warning.
    const modes = (await cluster.trpcGet("runbook.setModes", { name: "lan-free-demo" })) as {
      sets: { shadowRef: string; mode: string | null; mechanism: string | null }[];
      warnings: string[];
    };
    expect(modes.sets.map((s) => [s.shadowRef, s.mode, s.mechanism])).toEqual(
      ALL_VOLS.map((v) => [`backup/${v}`, "instant", "xfs-reflink"]),
    );
    expect(modes.warnings).toEqual([]);
    const runCli = cluster.cliInBackground(["runbook", "run", "lan-free-demo", "--wait"]);
    // The application keeps writing through the copy; it stops a little after the resume.
    const resumeAt = path.join(work, "resume-at");
    for (let i = 0; i < 600 && !existsSync(resumeAt); i++) await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 3_000));
    process.kill(writer.pid!, "SIGKILL");
    writer = null;
    const result = await runCli.result;
    expectOk(result, "run");
    const runId = /run (\S+) succeeded/.exec(result.stdout)?.[1];
    expect(runId, result.stdout).toBeDefined();
    expect(result.stdout).toMatch(/application frozen \d+\.\d s; point in time 20\d\d-\S+; copy \d+\.\d s/);

    const run = (await cluster.trpcGet("runbook.runGet", { id: runId })) as {
      frozenMs: number;
      copyMs: number | null;
      warnings: string[];
      pointInTime: string;
      steps: { key: string; log: { message: string }[]; finishedAt: string | null }[];
    };
    const update = run.steps.find((s) => s.key === "update")!;
    expect(update.log.map((l) => l.message)).toContainEqual(
      expect.stringMatching(/resume hook resume issued at once \(job \S+\) while the copy goes on/),
    );
    expect(run.warnings).toEqual([]);
    // The freeze (quiesce start … resume end) is a small part of the copy, which the throttle holds for seconds.
    expect(run.copyMs).toBeGreaterThan(THROTTLE_DELAY_TICKS * 10);
    expect(run.frozenMs).toBeGreaterThan(0);
    expect(run.frozenMs * 4).toBeLessThan(run.copyMs!);
    console.log(
      `instant run: application frozen ${(run.frozenMs / 1000).toFixed(2)} s, copy ${(run.copyMs! / 1000).toFixed(2)} s`,
    );

    const quiescedAt = firstTime(path.join(work, "quiesce-at"));
    const resumedAt = firstTime(resumeAt);
    const copyEnd = Date.parse(update.finishedAt!);
    const written = readWritten(log);
    // The application wrote while the update still copied (after the resume, before the copy ended).
    expect(written.some((w) => w.startedAt > resumedAt && w.doneAt < copyEnd)).toBe(true);
    for (const v of FS_VOLS) {
      const sums = readSums(path.join(work, `backup-${v}.sum`));
      const mine = written.filter((w) => w.vol === v);
      const before = mine.filter((w) => w.doneAt < quiescedAt);
      expect(before.length).toBeGreaterThan(3);
      for (const w of before) expect(sums.get(w.name), `${v}/${w.name}, completed before the quiesce`).toBe(w.sha256);
      for (const w of mine.filter((x) => x.startedAt > resumedAt))
        expect(sums.has(w.name), `${v}/${w.name}, begun after the resume`).toBe(false);
      // Nothing else: a file written across the quiesce is there whole, or empty (created before the freeze, written after), or not at all.
      const empty = createHash("sha256").digest("hex");
      const byName = new Map(mine.map((w) => [w.name, w]));
      if (v === "vol01") byName.set("bulk", { vol: v, name: "bulk", sha256: bulkSha, startedAt: 0, doneAt: 0 });
      for (const [name, sha] of sums) {
        const w = byName.get(name);
        expect(w, `${v}/${name} in the backup was never written`).toBeDefined();
        expect([w!.sha256, empty], `${v}/${name}`).toContain(sha);
      }
      if (v === "vol01") expect(sums.get("bulk")).toBe(bulkSha);
    }
  });

  it("resumes the application as early in the resync after the rejoin, and leaves it thawed", async () => {
    const spec = {
      ...(parseYaml(await readFile(example, "utf8")) as Record<string, unknown>),
      quiesceHook: "quiesce",
      resumeHook: "resume",
      keepArchives: null,
      backup: { kind: "hook", hook: "backup" },
      resyncAfterJoin: true,
    };
    await writeFile(path.join(work, "runbook-resync.json"), JSON.stringify(spec));
    expectOk(await cluster.cli(["runbook", "apply", path.join(work, "runbook-resync.json")]), "apply with the resync");
    const result = expectOk(await cluster.cli(["runbook", "run", "lan-free-demo", "--wait"]), "run with the resync");
    const runId = /run (\S+) succeeded/.exec(result.stdout)?.[1];
    expect(runId, result.stdout).toBeDefined();
    const run = (await cluster.trpcGet("runbook.runGet", { id: runId })) as {
      warnings: string[];
      steps: { key: string; state: string; log: { message: string }[] }[];
    };
    const resync = run.steps.find((s) => s.key === "resync");
    expect(resync?.state).toBe("succeeded");
    expect(resync!.log.map((l) => l.message)).toContainEqual(
      expect.stringMatching(/resume hook resume issued at once \(job \S+\) while the copy goes on/),
    );
    expect(run.warnings).toEqual([]);
    // Thawed: a write to each file system returns (a frozen one would block it).
    for (const v of FS_VOLS)
      execFileSync("sh", ["-c", `echo after > ${mnt(v)}/after-resync && sync -f ${mnt(v)}/after-resync`], {
        timeout: 10_000,
      });
  });
});
