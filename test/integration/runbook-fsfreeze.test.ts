// The runbook on real filesystems (issue 6): the masters vol01 and vol02 are ext4 filesystems on
// loop devices, mounted on the production side, with a process writing files into them; the
// quiesce and resume hooks are `fsfreeze -f` / `fsfreeze -u`. The backup host mounts each
// imported shadow read-only and archives its files (a backup hook running tar). The archive holds
// exactly the files as they were at the quiesce; after the rejoin, an update under quiesce leaves
// master and shadow equal byte for byte.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { ConsoleCluster, expectOk } from "@/test/support/console-cluster";
import { cmpEqual } from "@/test/support/local-iiadm";
import { mountExt4Masters, type MountedMasters } from "@/test/support/mounted-masters";

const FS_VOLS = ["vol01", "vol02"] as const;
const example = path.resolve(import.meta.dirname, "../../examples/lan-free-demo.yaml");

/** "sha256  ./relative/path" lines of every file under dir, sorted by path. */
async function fileSums(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string) => {
    for (const e of await readdir(path.join(dir, rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) await walk(r);
      else if (e.isFile())
        out.push(
          `${createHash("sha256")
            .update(await readFile(path.join(dir, r)))
            .digest("hex")}  ./${r}`,
        );
    }
  };
  await walk("");
  return out.filter((l) => !l.includes("./lost+found/")).sort((a, b) => a.slice(66).localeCompare(b.slice(66)));
}

describe("the runbook on ext4 masters frozen with fsfreeze", () => {
  let cluster: ConsoleCluster;
  let work: string;
  let masters: MountedMasters | undefined;
  let writer: ChildProcess | null = null;
  const mnt = (v: string) => path.join(work, "mnt", v);

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), "pitcrew-fsfreeze-"));
    const script = async (name: string, body: string) => {
      await writeFile(path.join(work, name), `#!/bin/sh\nset -e\n${body}\n`);
      await chmod(path.join(work, name), 0o755);
    };
    // While frozen, reads still work: record what the files are at the moment of the first quiesce
    // (the run's point in time; the resync's quiesce later leaves the record alone).
    await script(
      "quiesce.sh",
      FS_VOLS.map(
        (v) =>
          `fsfreeze -f ${mnt(v)}\n[ -e ${work}/quiesce-${v}.sum ] || (cd ${mnt(v)} && find . -path ./lost+found -prune -o -type f -print | sort | xargs -r sha256sum) > ${work}/quiesce-${v}.sum`,
      ).join("\n"),
    );
    await script("resume.sh", FS_VOLS.map((v) => `fsfreeze -u ${mnt(v)} || true`).join("\n"));
    // The backup host: each imported shadow mounted read-only, its files archived with tar.
    await script(
      "backup.sh",
      FS_VOLS.map((v) =>
        [
          `mkdir -p ${work}/ro-${v} ${work}/archive`,
          `mount -o ro,loop,noload $SAN/backup/${v} ${work}/ro-${v}`,
          `tar -C ${work}/ro-${v} --exclude=./lost+found -cf ${work}/archive/${v}.tar .`,
          `umount ${work}/ro-${v}`,
        ].join("\n"),
      ).join("\n"),
    );
    const hooks = {
      quiesce: { argv: [path.join(work, "quiesce.sh")], timeoutSeconds: 30 },
      resume: { argv: [path.join(work, "resume.sh")], timeoutSeconds: 30 },
      backup: { argv: [path.join(work, "backup.sh")], timeoutSeconds: 120 },
    };
    cluster = await ConsoleCluster.start({
      hosts: ["prod", "backup"],
      demoSanOwner: "prod",
      agentConfig: () => ({ hooks, freezeBudgetSeconds: 120 }),
    });
    // The backup hook finds the SAN through its own text (hooks get no arguments).
    await writeFile(
      path.join(work, "backup.sh"),
      (await readFile(path.join(work, "backup.sh"), "utf8")).replaceAll("$SAN", cluster.sanDir),
    );
    masters = await mountExt4Masters(
      FS_VOLS.map((v) => ({ volume: cluster.volumePath("production", v), mountPoint: mnt(v) })),
    );
    // The application: keeps writing and rewriting files in both filesystems.
    writer = spawn(
      "sh",
      [
        "-c",
        `i=0; while true; do i=$((i+1)); for m in ${FS_VOLS.map(mnt).join(" ")}; do head -c $(( (i % 7 + 1) * 40000 )) /dev/urandom > $m/f$((i % 23)); done; sleep 0.05; done`,
      ],
      { stdio: "ignore", detached: true },
    );
  }, 240_000);

  afterAll(async () => {
    if (writer?.pid)
      try {
        process.kill(-writer.pid, "SIGKILL");
      } catch {
        /* gone */
      }
    masters?.release();
    await cluster?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("archives the files exactly as they were at the quiesce, and leaves master = shadow after an update under quiesce", async () => {
    const spec = {
      ...(parseYaml(await readFile(example, "utf8")) as Record<string, unknown>),
      quiesceHook: "quiesce",
      resumeHook: "resume",
      keepArchives: null,
      backup: { kind: "hook", hook: "backup" },
      resyncAfterJoin: true,
    };
    await writeFile(path.join(work, "runbook.json"), JSON.stringify(spec));
    expectOk(await cluster.cli(["runbook", "apply", path.join(work, "runbook.json")]), "apply");
    const run = expectOk(await cluster.cli(["runbook", "run", "lan-free-demo", "--wait"]), "run");
    expect(run.stdout).toMatch(/run \S+ succeeded/);
    // ext4 masters cannot share blocks: every set scans, so the application stayed frozen for the
    // whole update, and the run says so for each set.
    const runId = /run (\S+) succeeded/.exec(run.stdout)![1];
    const detail = (await cluster.trpcGet("runbook.runGet", { id: runId })) as {
      warnings: string[];
      frozenMs: number;
      copyMs: number | null;
    };
    expect(detail.warnings).toHaveLength(5);
    for (const w of detail.warnings)
      expect(w).toMatch(/^set \S+ is in scan mode \(.+\): the application stays frozen for a full read of its master$/);
    expect(run.stdout).toContain(`warning: ${detail.warnings[0]}`);
    expect(detail.copyMs).not.toBeNull();
    expect(detail.frozenMs).toBeGreaterThan(detail.copyMs!);

    for (const v of FS_VOLS) {
      const atQuiesce = (await readFile(path.join(work, `quiesce-${v}.sum`), "utf8"))
        .trim()
        .split("\n")
        .filter(Boolean);
      expect(atQuiesce.length).toBeGreaterThan(3);
      const extracted = path.join(work, `extracted-${v}`);
      await mkdir(extracted);
      execFileSync("tar", ["-C", extracted, "-xf", path.join(work, "archive", `${v}.tar`)]);
      expect(await fileSums(extracted)).toEqual(sumsOf(atQuiesce));
    }

    // Stop the application, freeze, update: master and shadow are equal while quiesced.
    if (writer?.pid) process.kill(-writer.pid, "SIGKILL");
    writer = null;
    for (const v of FS_VOLS) execFileSync("fsfreeze", ["-f", mnt(v)]);
    try {
      expectOk(await cluster.cli(["iiadm", "-H", "prod", "-g", "Backup1", "-u", "s"]), "update");
      expectOk(await cluster.cli(["iiadm", "-H", "prod", "-g", "Backup1", "-w"]), "wait");
      for (const v of ["vol01", "vol02", "vol03", "vol04", "vol05"]) {
        expect(await cmpEqual(cluster.volumePath("production", v), cluster.volumePath("backup", v))).toBe(true);
      }
    } finally {
      for (const v of FS_VOLS) execFileSync("fsfreeze", ["-u", mnt(v)]);
    }
  });
});

/** sha256sum's "hash  ./path" lines, sorted like fileSums. */
function sumsOf(lines: string[]): string[] {
  return lines
    .map((l) => l.replace(/^([0-9a-f]{64}) [ *]/, "$1  "))
    .sort((a, b) => a.slice(66).localeCompare(b.slice(66)));
}
