// `pitcrew svadm --local` (docs/instant-image.md §7.1, §7.2): svadm's grammar, output and exit
// statuses, and the user counting with II that keeps an exported shadow under sv — which then
// holds back the deport of its disk group until svadm -d releases it (§7.3).
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDiskGroup } from "@/engine/disk-group";
import { deportDiskGroup } from "@/engine/disk-group-ownership";
import { createBitmapVolume, createVolume } from "@/engine/disk-group-volumes";
import { cleanup, Host, makeVolume, scratchDir, type RunResult } from "@/test/support/local-iiadm";

const BIN = path.resolve(import.meta.dirname, "../../bin/pitcrew.js");
const MiB = 1024 * 1024;

describe("pitcrew svadm --local", () => {
  let dir: string;
  let stateDir: string;
  const run = (command: "svadm" | "dg", ...args: string[]): RunResult => {
    const r = spawnSync(process.execPath, [BIN, command, "--local", "--state-dir", stateDir, ...args], {
      encoding: "utf8",
      timeout: 60_000,
    });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  const svadm = (...args: string[]) => run("svadm", ...args);

  beforeAll(() => {
    dir = scratchDir("svadm");
    stateDir = new Host(dir, "prod").stateDir;
  });
  afterAll(() => cleanup(dir));

  it("enables, lists and disables; repeats are warnings with exit 0; a missing volume fails with exit 1", () => {
    const a = makeVolume(path.join(dir, "a"), MiB);
    const c = makeVolume(path.join(dir, "c"), MiB);
    expect(svadm("-e", a)).toMatchObject({ status: 0, stdout: "", stderr: "" });
    const file = path.join(dir, "volumes.txt");
    writeFileSync(file, `# volumes for sv\n\n${c}\n${a}\n`);
    const again = svadm("-e", "-f", file);
    expect(again).toMatchObject({ status: 0, stderr: `svadm: warning: ${a}: already enabled under sv\n` });
    expect(svadm()).toMatchObject({ status: 0, stdout: `${a}\n${c}\n` });
    expect(svadm("-i").stdout).toBe(`${a} [local to node]\n${c} [local to node]\n`);
    expect(svadm("-d", c)).toMatchObject({ status: 0, stderr: "" });
    expect(svadm("-d", c)).toMatchObject({
      status: 0,
      stderr: `svadm: warning: ${c}: not enabled under sv (was not found in the config storage)\n`,
    });
    const missing = svadm("-e", path.join(dir, "missing"));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(
      `svadm: error: volume ${path.join(dir, "missing")}: does not exist: unable to enable\n`,
    );
    expect(svadm().stdout).toBe(`${a}\n`);
    svadm("-d", a);
  });

  it("exits 2 on usage errors", () => {
    for (const args of [
      ["-e", "-d", "x"],
      ["-f", "x"],
      ["x"],
      ["-i", "-e", "x"],
      ["-e"],
      ["-z"],
      ["-e", "-f", "x", "y"],
    ]) {
      const r = svadm(...args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toContain("usage: pitcrew svadm");
    }
    expect(svadm("-v").stdout).toMatch(/^svadm \(pitcrew\) \d+\.\d+\.\d+\n$/);
  });

  it("a shadow under sv stays under sv after export and holds back the deport of its disk group until svadm -d", async () => {
    const root = path.join(dir, "san");
    mkdirSync(root);
    const prod = new Host(dir, "prod");
    const dg = (await createDiskGroup(root, "snap", "prod")).dir;
    const s = (await createVolume(dg, "shadow", 4 * MiB)).path;
    const b = (await createBitmapVolume(dg, "shadow.bmp", 4 * MiB)).path;
    const m = makeVolume(path.join(dir, "m"), 4 * MiB, "random");
    const mb = makeVolume(path.join(dir, "m.bmp"), 24 * 1024);
    prod.ok("-e", "ind", m, s, mb);
    prod.ok("-w", s);
    expect(svadm("-e", s).status).toBe(0);
    prod.ok("-E", s);
    expect(svadm().stdout).toBe(`${s}\n`);

    const refused = run("dg", "--roots", root, "--host", "prod", "deport", "snap");
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe(
      `pitcrew dg: disk group snap cannot be deported: 1 volume(s) in use: ${s} (under sv); ` +
        "release them first (iiadm -E or -d, svadm -d, umount)\n",
    );
    expect(svadm("-d", s).status).toBe(0);
    expect(run("dg", "--roots", root, "--host", "prod", "deport", "snap").status).toBe(0);
    // Nothing may be put under sv on a deported group's volume.
    const deported = svadm("-e", b);
    expect(deported.status).toBe(1);
    expect(deported.stderr).toContain(`volume ${b} is in disk group snap, which is deported`);
    await expect(deportDiskGroup(dg, "prod", async () => null)).rejects.toMatchObject({ code: "DG_EDEPORTED" });
  });
});
