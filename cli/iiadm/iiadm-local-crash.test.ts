// Crash safety and concurrency: a copy killed with SIGKILL resumes from its copy bitmap and
// ends byte-identical; abort leaves "copy not active"; concurrent invocations never corrupt
// the configuration.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processStartTime } from "@/engine/state-files";
import { cleanup, cmpEqual, Host, makeVolume, percentOfBitmapSet, scratchDir, sleep } from "@/test/support/local-iiadm";

const MiB = 1024 * 1024;
const BIN = path.resolve(import.meta.dirname, "../../bin/pitcrew.js");

/** Polls -i until the copy has paused in its throttle (percent stops at `atMost` or below). */
async function waitForPause(host: Host, set: string, atMost: number): Promise<number> {
  for (let i = 0; i < 300; i++) {
    const r = host.iiadm("-i", set);
    if (/copy in progress/.test(r.stdout) && percentOfBitmapSet(r.stdout) <= atMost)
      return percentOfBitmapSet(r.stdout);
    await sleep(100);
  }
  throw new Error("copy never reached its throttle pause");
}

describe("crash safety", () => {
  let dir: string;
  let host: Host;
  let m: string, s: string;
  beforeAll(() => {
    dir = scratchDir("crash");
    host = new Host(dir);
    // 512 MiB = 128 copy I/Os of 4 MiB; with unit 100 the copy pauses after 400 MiB (78 %).
    m = makeVolume(path.join(dir, "m"), 512 * MiB, "random");
    s = makeVolume(path.join(dir, "s"), 512 * MiB);
    const b = makeVolume(path.join(dir, "b"), 1 * MiB);
    host.ok("-e", "ind", m, s, b);
    host.ok("-w", s);
    // A long pause after every 100 I/Os makes the copy stop mid-way, long enough to kill it.
    host.ok("-P", "10000", "100", s);
  });
  afterAll(() => cleanup(dir));

  it("a copy killed with SIGKILL continues where it stopped and ends byte-identical", async () => {
    makeVolume(m, 512 * MiB, "random"); // all new data: the full copy must move every chunk
    host.ok("-c", "s", s);
    const percent = await waitForPause(host, s, 25);
    const pid = host.runOwnerPid(s);
    expect(pid).toBeGreaterThan(0);
    process.kill(pid!, "SIGKILL");
    // A process killed inside a disk write dies only when the write returns.
    while (await processStartTime(pid!)) await sleep(50);
    expect(cmpEqual(m, s)).toBe(false);
    // The next command finds the dead copy and resumes it from C, not from the start.
    const after = host.iiadm("-i", s);
    expect(after.stderr).toContain("resumed 1 interrupted copy");
    expect(percentOfBitmapSet(after.stdout)).toBeLessThanOrEqual(percent);
    host.ok("-w", s);
    expect(cmpEqual(m, s)).toBe(true);
    expect(host.ok("-i", s).stdout).toMatch(/^Independent copy$/m);
  });

  it("an update killed mid-pass resumes and ends byte-identical", async () => {
    makeVolume(m, 512 * MiB, "random"); // every chunk changed: the one-pass update writes them all
    host.ok("-u", "s", s);
    // The pass pauses in its throttle after 400 MiB written; the master's bitmap stays clean.
    let pid: number | null = null;
    for (let i = 0; i < 300 && !pid; i++) {
      const log = readFileSync(path.join(host.stateDir, "ds.log"), "utf8");
      // Past 300 MiB the pass has not finished: it pauses after 400 MiB for 100 s.
      if (log.includes("Start update") && cmpEqual(m, s, 300 * MiB)) pid = host.runOwnerPid(s);
      else await sleep(100);
    }
    expect(pid).toBeGreaterThan(0);
    process.kill(pid!, "SIGKILL");
    while (await processStartTime(pid!)) await sleep(50);
    expect(cmpEqual(m, s)).toBe(false);
    const after = host.iiadm("-w", s);
    expect(after.stderr).toContain("resumed 1 interrupted copy");
    expect(after.status).toBe(0);
    expect(cmpEqual(m, s)).toBe(true);
  });

  it("abort leaves copy not active; export is refused; an update completes the copy", async () => {
    makeVolume(m, 512 * MiB, "random");
    host.ok("-c", "s", s);
    await waitForPause(host, s, 25);
    host.ok("-a", s);
    const status = host.ok("-i", s).stdout;
    expect(status).toMatch(/^Independent copy, copy not active, copying master to shadow$/m);
    expect(percentOfBitmapSet(status)).toBeGreaterThan(0);
    const wait = host.iiadm("-w", s);
    expect(wait.status).toBe(2);
    expect(wait.stderr).toMatch(/copy did not complete/);
    expect(host.iiadm("-E", s).stderr).toMatch(/not fully copied/);
    host.ok("-P", "2", "60000", s);
    host.ok("-u", "s", s);
    host.ok("-w", s);
    expect(cmpEqual(m, s)).toBe(true);
  });

  it("a second copy request while one runs is refused with exit 1", async () => {
    host.ok("-P", "10000", "100", s);
    makeVolume(m, 512 * MiB, "random");
    host.ok("-c", "s", s);
    await waitForPause(host, s, 25);
    const second = host.iiadm("-u", "s", s);
    expect(second.status).toBe(1);
    expect(second.stderr).toContain("Copy already in progress");
    const disable = host.iiadm("-d", s);
    expect(disable.status).toBe(2);
    expect(disable.stderr).toContain("Disable failed");
    host.ok("-a", s);
    host.ok("-P", "2", "60000", s);
    host.ok("-c", "s", s);
    host.ok("-w", s);
    expect(cmpEqual(m, s)).toBe(true);
  });

  it("a group disable disables what it can, keeps the rest, and names what failed", async () => {
    const m2 = makeVolume(path.join(dir, "gd-m"), 1 * MiB, "random");
    const s2 = makeVolume(path.join(dir, "gd-s"), 1 * MiB);
    const b2 = makeVolume(path.join(dir, "gd-b"), 24 * 1024);
    host.ok("-g", "D", "-e", "ind", m2, s2, b2);
    host.ok("-w", s2);
    host.ok("-g", "D", "-m", s);
    host.ok("-P", "10000", "100", s);
    makeVolume(m, 512 * MiB, "random");
    host.ok("-c", "s", s);
    await waitForPause(host, s, 25);
    const r = host.iiadm("-g", "D", "-d");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("Some sets in the group failed to disable");
    expect(r.stderr).toContain(`${s}: copy in progress`);
    expect(host.ok("-g", "D", "-l").stdout).toBe(`ind ${m} ${s} ${path.join(dir, "b")}\n`);
    host.ok("-a", s);
    host.ok("-g", "", "-m", s);
    host.ok("-P", "2", "60000", s);
    host.ok("-u", "s", s);
    host.ok("-w", s);
    expect(cmpEqual(m, s)).toBe(true);
  });

  it("concurrent enables all land in one intact configuration", async () => {
    const names = Array.from({ length: 8 }, (_, i) => i);
    const vols = names.map((i) => ({
      m: makeVolume(path.join(dir, `cm${i}`), 1 * MiB, "random"),
      s: makeVolume(path.join(dir, `cs${i}`), 1 * MiB),
      b: makeVolume(path.join(dir, `cb${i}`), 24 * 1024),
    }));
    const codes = await Promise.all(
      vols.map(
        (v) =>
          new Promise<number>((resolve) => {
            const child = spawn(
              process.execPath,
              [BIN, "iiadm", "--local", "--state-dir", host.stateDir, "-g", "C", "-e", "ind", v.m, v.s, v.b],
              { stdio: "ignore" },
            );
            child.on("exit", (code) => resolve(code ?? -1));
          }),
      ),
    );
    expect(codes).toEqual(names.map(() => 0));
    host.ok("-g", "C", "-w");
    expect(host.config().sets.filter((x) => x.group === "C")).toHaveLength(8);
    for (const v of vols) expect(cmpEqual(v.m, v.s)).toBe(true);
  });
});
