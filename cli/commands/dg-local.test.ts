// `pitcrew dg --local` as operators run it (docs/instant-image.md §8.5): two host names with their own
// state dirs on one shared root, real processes, real files. The LAN-free cycle moves the
// shadow's disk group between the hosts with iiadm export/import/join around it.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMetadata } from "@/engine/disk-group-metadata";
import { deportDiskGroup } from "@/engine/disk-group-ownership";
import { minBitmapBytes } from "@/lib/bitmap-size";
import {
  cleanup,
  cmpEqual,
  Host,
  makeVolume,
  scratchDir,
  writeRandomChunks,
  type RunResult,
} from "@/test/support/local-iiadm";

const BIN = path.resolve(import.meta.dirname, "../../bin/pitcrew.js");
const MiB = 1024 * 1024;

describe("pitcrew dg --local", () => {
  let dir: string;
  let root: string;
  const argsFor = (host: string, args: string[]) => [
    BIN,
    "dg",
    "--local",
    "--roots",
    root,
    "--host",
    host,
    "--state-dir",
    path.join(dir, `state-${host}`),
    ...args,
  ];
  const dg = (host: string, ...args: string[]): RunResult => {
    const r = spawnSync(process.execPath, argsFor(host, args), { encoding: "utf8", timeout: 60_000 });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  const ok = (host: string, ...args: string[]): RunResult => {
    const r = dg(host, ...args);
    if (r.status !== 0) throw new Error(`dg ${args.join(" ")} on ${host} exited ${r.status}\n${r.stdout}${r.stderr}`);
    return r;
  };
  const dgAsync = (host: string, ...args: string[]) =>
    new Promise<RunResult>((resolve) => {
      const child = spawn(process.execPath, argsFor(host, args), { stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "",
        stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d));
      child.stderr.on("data", (d: Buffer) => (stderr += d));
      child.on("exit", (code) => resolve({ status: code ?? -1, stdout, stderr }));
    });

  beforeAll(() => {
    dir = scratchDir("dgcli");
    root = path.join(dir, "san");
    mkdirSync(root);
  });
  afterAll(() => cleanup(dir));

  it("the LAN-free cycle: the shadow's disk group travels to the backup host and back", () => {
    const prod = new Host(dir, "prod");
    const backup = new Host(dir, "backup");
    const m = makeVolume(path.join(dir, "master"), 16 * MiB, "random");
    const b = makeVolume(path.join(dir, "master.bmp"), 24 * 1024);
    ok("prod", "create", "snap");
    const s = ok("prod", "vol-create", "snap/shadow", "16M").stdout.split(" ")[0]!;
    const b2 = ok("prod", "vol-create", "snap/shadow.bmp2", "--bitmap-for", "16M").stdout.split(" ")[0]!;
    const other = ok("prod", "vol-create", "snap/other", "16M").stdout.split(" ")[0]!;
    expect(s).toBe(path.join(root, "snap", "shadow"));
    const list = ok("prod", "list").stdout;
    expect(list).toMatch(/^snap: imported by prod, volumes started, import generation 1, id [0-9a-f-]{36}$/m);
    expect(list).toMatch(new RegExp(`shadow\\.bmp2\\s+bitmap\\s+file\\s+${b2}\\s+${minBitmapBytes(16 * MiB)} bytes`));
    expect(list).toContain(`${s}  ${16 * MiB} bytes (16 MiB)`);

    prod.ok("-e", "ind", m, s, b);
    prod.ok("-w", s);
    const busy = dg("prod", "deport", "snap");
    expect(busy.status).toBe(1);
    expect(busy.stderr).toContain(
      `pitcrew dg: disk group snap cannot be deported: 1 volume(s) in use: ${s} (enabled in set ${s} as shadow)`,
    );
    prod.ok("-E", s);
    ok("prod", "stopall", "snap");
    ok("prod", "deport", "snap");
    expect(ok("prod", "list").stdout).toMatch(/^snap: deported, import generation 1/m);

    const refused = prod.iiadm("-e", "ind", m, other, makeVolume(path.join(dir, "other.bmp"), 24 * 1024));
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("Enable failed");
    expect(refused.stderr).toContain(`shadow volume ${other} is in disk group snap, which is deported`);
    expect(prod.ok("-l").stdout.split("\n").filter(Boolean)).toHaveLength(1);

    ok("backup", "import", "snap");
    const stopped = backup.iiadm("-I", s, b2);
    expect(stopped.status).toBe(2);
    expect(stopped.stderr).toContain("disk group snap, whose volumes are stopped");
    ok("backup", "startall", "snap");
    backup.ok("-I", s, b2);
    writeRandomChunks(s, 5);
    const held = dg("backup", "deport", "snap");
    expect(held.status).toBe(1);
    expect(held.stderr).toContain("2 volume(s) in use");
    expect(held.stderr).toContain(`${b2} (enabled in set ${s} as bitmap)`);
    backup.ok("-d", s);
    ok("backup", "stopall", "snap");
    ok("backup", "deport", "snap");

    ok("prod", "import", "snap");
    ok("prod", "startall", "snap");
    prod.ok("-J", s, b2);
    prod.ok("-u", "s", s);
    prod.ok("-w", s);
    expect(cmpEqual(m, s, 16 * MiB)).toBe(true);
    expect(readFileSync(path.join(prod.stateDir, "ds.log"), "utf8")).toMatch(
      /dg: imported disk group snap on prod, generation 3/,
    );
  });

  it("refuses an import while another host holds the group; -C takes it with a warning that is logged", () => {
    ok("prod", "create", "locked");
    const refused = dg("backup", "import", "locked");
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe(
      "pitcrew dg: disk group locked is imported by host prod: import failed: Disk is in use by another host\n",
    );
    const forced = ok("backup", "import", "-C", "locked");
    expect(forced.stderr).toMatch(
      /^pitcrew dg: warning: disk group locked: cleared the import lock of host prod and imported it on backup\./,
    );
    expect(readFileSync(path.join(dir, "state-backup", "ds.log"), "utf8")).toMatch(
      /dg: imported disk group locked on backup, generation 2: .*cleared the import lock of host prod/,
    );
    expect(dg("prod", "deport", "locked").stderr).toContain("imported by host backup, not by prod: deport refused");
  });

  it("two processes importing a deported group at once: exactly one wins, every round", async () => {
    ok("prod", "create", "race");
    const dgDir = path.join(root, "race");
    // Real processes are slow to start; the engine test races 20 rounds in one process.
    for (let round = 0; round < 8; round++) {
      const md = await readMetadata(dgDir);
      await deportDiskGroup(dgDir, md.owner!, async () => null);
      const results = await Promise.all([dgAsync("hostA", "import", "race"), dgAsync("hostB", "import", "race")]);
      const winners = results.filter((r) => r.status === 0);
      expect(winners, results.map((r) => r.stderr).join("")).toHaveLength(1);
      const after = await readMetadata(dgDir);
      expect(after.importGeneration).toBe(md.importGeneration + 1);
      const loser = results.find((r) => r.status !== 0)!;
      expect(loser.status).toBe(1);
      expect(loser.stderr).toBe(
        `pitcrew dg: disk group race is imported by host ${after.owner}: import failed: Disk is in use by another host\n`,
      );
    }
  });

  it("refuses bad names and sizes with a clear message and creates nothing", async () => {
    ok("prod", "create", "tidy");
    const tidy = path.join(root, "tidy");
    const before = readdirSync(tidy).sort();
    const metadata = readFileSync(path.join(tidy, ".pitcrew-dg.json"), "utf8");
    const cases: [string[], string][] = [
      [["vol-create", "tidy/a/b", "1M"], "volume name 'a/b' may only hold letters, digits, '.', '_' and '-'"],
      [["vol-create", "tidy/..", "1M"], "volume name '..' must not start with '.'"],
      [["vol-create", "tidy/.hidden", "1M"], "volume name '.hidden' must not start with '.'"],
      [["vol-create", "tidy/v", "0"], "volume v: size 0 is not a positive whole number of bytes"],
      [["vol-create", "tidy/v", "abc"], "volume v: size 'abc' is not a size"],
      [
        ["vol-create", "tidy/v", "--bitmap-for", "0"],
        "bitmap volume v: master size 0 is not a positive whole number of bytes",
      ],
      [["vol-create", "nosuch/v", "1M"], `disk group nosuch not found under ${root}`],
      [["vol-create", "../tidy/v", "1M"], "disk group name '..' must not start with '.'"],
      [["create", "../evil"], "disk group name '../evil' must not start with '.'"],
      [["create", "a/b"], "disk group name 'a/b' may only hold letters"],
    ];
    const results = await Promise.all(cases.map(([args]) => dgAsync("prod", ...args)));
    results.forEach((r, i) => {
      const [args, message] = cases[i]!;
      expect(r.status, `${args.join(" ")}: ${r.stderr}`).toBe(1);
      expect(r.stderr).toContain(`pitcrew dg: ${message}`);
    });
    expect(readdirSync(tidy).sort()).toEqual(before);
    expect(readFileSync(path.join(tidy, ".pitcrew-dg.json"), "utf8")).toBe(metadata);
    expect(readdirSync(root)).not.toContain("a");
    expect(readdirSync(dir)).not.toContain("evil");
  });

  it("exits 2 with the usage on usage errors", async () => {
    const cases = [
      ["vol-create"],
      ["deport"],
      ["deport", "a", "b"],
      ["frobnicate"],
      ["--bogus", "list"],
      ["deport", "-C", "tidy"],
      ["vol-create", "tidy/v", "1M", "--bitmap-for", "1M"],
      ["vol-create", "tidy", "1M"],
    ];
    const results = await Promise.all(cases.map((args) => dgAsync("prod", ...args)));
    results.forEach((r, i) => {
      expect(r.status, cases[i]!.join(" ")).toBe(2);
      expect(r.stderr).toContain("usage: pitcrew dg --local");
    });
    const noLocal = spawnSync(process.execPath, [BIN, "dg", "list"], { encoding: "utf8" });
    expect(noLocal.status).toBe(1);
  });
});
