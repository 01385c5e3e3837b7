// A copy that fails part-way never leaves its set looking complete: here an update whose shadow
// cannot be written (made immutable with chattr, which stops root too). -w exits 2 naming the
// cause, -i shows the shadow offline, further updates are refused until -R, and -R then brings
// the shadow back to the master's bytes.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cleanup,
  cmpEqual,
  Host,
  loopRequired,
  makeVolume,
  percentOfBitmapSet,
  scratchDir,
  writeRandomChunks,
} from "@/test/support/local-iiadm";

const MiB = 1024 * 1024;
const isRoot = process.getuid?.() === 0;

describe.runIf(isRoot || loopRequired)("iiadm --local when a copy fails", () => {
  let dir: string;
  let host: Host;
  const immutable: string[] = [];
  beforeAll(() => {
    dir = scratchDir("failed-copy");
    host = new Host(dir);
  });
  afterAll(() => {
    for (const f of immutable) execFileSync("chattr", ["-i", f]);
    cleanup(dir);
  });

  it("an update that cannot write the shadow fails loudly, takes the shadow offline, and -R recovers it", async () => {
    expect(isRoot, "chattr +i needs root").toBe(true);
    const m = makeVolume(path.join(dir, "m"), 16 * MiB, "random");
    const s = makeVolume(path.join(dir, "s"), 16 * MiB);
    const b = makeVolume(path.join(dir, "b"), 24 * 1024);
    host.ok("-e", "ind", m, s, b);
    host.ok("-w", s);
    expect(cmpEqual(m, s)).toBe(true);

    writeRandomChunks(m, 10);
    execFileSync("chattr", ["+i", s]);
    immutable.push(s);
    host.ok("-u", "s", s);
    const wait = host.iiadm("-w", s);
    expect(wait.status).toBe(2);
    expect(wait.stderr).toContain(s);
    expect(wait.stderr).toMatch(/offline during the copy \(target volume .*: EPERM/);
    // The failed copy's worker process ends: nothing of it keeps running.
    const workers = () =>
      execFileSync("ps", ["-eo", "args"], { encoding: "utf8" })
        .split("\n")
        .filter((l) => l.includes("--copy-worker") && l.includes(host.stateDir));
    await expect.poll(workers, { timeout: 10_000 }).toEqual([]);
    const info = host.ok("-i", s).stdout;
    expect(info).toContain("shadow volume offline");

    const refused = host.iiadm("-u", "s", s);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/offline \(reset it with -R\)/);

    execFileSync("chattr", ["-i", s]);
    immutable.pop();
    expect(cmpEqual(m, s)).toBe(false);
    host.ok("-R", s);
    host.ok("-w", s);
    expect(cmpEqual(m, s)).toBe(true);
    const after = host.ok("-i", s).stdout;
    expect(after).not.toContain("offline");
    expect(percentOfBitmapSet(after)).toBe(0);
  });
});
