// Instant mode through `pitcrew iiadm --local`, on real XFS (reflink) and btrfs file systems in
// loop-mounted images: the point in time is the clone taken at -u, the shadow ends byte-equal to
// the master as it was then (SHA-256), whatever the application writes meanwhile, and every
// reason not to trust the extent maps makes the update read its clone instead, and say so.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { processStartTime } from "@/engine/state-files";
import {
  canUseLoopDevices,
  cmpEqual,
  Host,
  loopRequired,
  makeVolume,
  percentOfBitmapSet,
  sha256,
  sleep,
  writeRandomChunks,
} from "@/test/support/local-iiadm";
import { sharingFileSystem } from "@/test/support/sharing-file-systems";

const MiB = 1024 * 1024;

/**
 * A process that keeps writing random 4 KiB blocks at random offsets of `file` until killed, and
 * prints a line after every 200 blocks; `wrote()` resolves at the next such line.
 */
function startWriter(file: string, sizeBytes: number): { child: ChildProcess; wrote: () => Promise<void> } {
  const code = `
    const fs = require("node:fs"); const crypto = require("node:crypto");
    const fd = fs.openSync(${JSON.stringify(file)}, "r+"); const buf = Buffer.alloc(4096);
    for (let n = 1; ; n++) {
      crypto.randomFillSync(buf); fs.writeSync(fd, buf, 0, 4096, Math.floor(Math.random() * (${sizeBytes} - 4096)));
      if (n % 200 === 0) fs.writeSync(1, "200\\n");
    }`;
  const child = spawn(process.execPath, ["-e", code], { stdio: ["ignore", "pipe", "inherit"] });
  return { child, wrote: () => new Promise((resolve) => child.stdout!.once("data", () => resolve())) };
}

/** Stops a process and returns once it is stopped: a write it was in the middle of has landed. */
async function pause(child: ChildProcess): Promise<void> {
  child.kill("SIGSTOP");
  for (;;) {
    const stat = readFileSync(`/proc/${child.pid}/stat`, "utf8");
    if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("T")) return;
    await sleep(5);
  }
}

function cloneRecord(
  host: Host,
  shadow: string,
): { reference: { path: string } | null; pending: unknown; lastUpdate: string | null; lastUpdateNote: string | null } {
  const set = host.config().sets.find((s) => s.shadow === shadow)!;
  return JSON.parse(readFileSync(path.join(host.stateDir, "clones", `${set.id}.json`), "utf8"));
}

const dsLog = (host: Host) => readFileSync(path.join(host.stateDir, "ds.log"), "utf8");

for (const kind of ["xfs", "btrfs"] as const) {
  describe.runIf(canUseLoopDevices || loopRequired)(`instant mode on ${kind}`, () => {
    const fs = sharingFileSystem(kind, 1024);
    let host: Host;
    let m: string, s: string, b: string;
    const size = 64 * MiB;
    beforeAll(() => {
      host = new Host(fs.scratch());
      m = makeVolume(path.join(fs.dir(), "master"), size, "random");
      s = makeVolume(path.join(fs.dir(), "shadow"), size);
      b = makeVolume(path.join(fs.dir(), "bitmap"), MiB);
      host.ok("-e", "ind", m, s, b);
      host.ok("-w", s);
    });

    it("the shadow equals the master as it was at -u s, while a writer keeps writing during the update", async () => {
      expect(cmpEqual(m, s)).toBe(true);
      const { child: writer, wrote } = startWriter(m, size);
      try {
        const before = sha256(m);
        await wrote();
        await pause(writer);
        const atPointInTime = sha256(m);
        expect(atPointInTime).not.toBe(before);
        host.ok("-u", "s", s);
        writer.kill("SIGCONT");
        await wrote(); // it writes while the copy goes on
        host.ok("-w", s);
        await pause(writer);
        expect(sha256(s)).toBe(atPointInTime);
        expect(sha256(m)).not.toBe(atPointInTime);
      } finally {
        writer.kill("SIGKILL");
      }
      expect(cloneRecord(host, s).lastUpdate).toBe("instant");
      expect(dsLog(host)).toMatch(/Changes of .*shadow from extent maps: [1-9]\d* chunks/);
    });

    it("an update with nothing changed copies nothing and keeps one clone", () => {
      // What the writer wrote after the last point in time first.
      host.ok("-u", "s", s);
      host.ok("-w", s);
      const before = sha256(s);
      host.ok("-u", "s", s);
      host.ok("-w", s);
      expect(dsLog(host)).toMatch(/from extent maps: 0 chunks \(0 bytes\)[^\n]*\n[^\n]*Finish copy to shadow[^\n]*\n$/);
      expect(sha256(s)).toBe(before);
      expect(readdirSync(path.join(fs.dir(), ".pitcrew-clones"))).toHaveLength(1);
    });

    it("a reference clone deleted by hand makes the update read its clone, say so, and end byte-exact", () => {
      writeRandomChunks(m, 40);
      rmSync(cloneRecord(host, s).reference!.path, { force: true });
      const atPointInTime = sha256(m);
      const r = host.ok("-u", "s", s);
      expect(r.stderr).toMatch(/reads its point-in-time clone to find the changed chunks .*reference clone .* is gone/);
      writeRandomChunks(m, 10);
      host.ok("-w", s);
      expect(sha256(s)).toBe(atPointInTime);
      const rec = cloneRecord(host, s);
      expect(rec.lastUpdate).toBe("scan");
      expect(rec.lastUpdateNote).toMatch(/is gone/);
      expect(dsLog(host)).toMatch(/reads its point-in-time clone/);
    });

    it("a reference clone replaced by another file is not trusted", () => {
      const ref = cloneRecord(host, s).reference!.path;
      const impostor = `${ref}.impostor`;
      copyFileSync(ref, impostor);
      rmSync(ref);
      renameSync(impostor, ref);
      writeRandomChunks(m, 40);
      const atPointInTime = sha256(m);
      expect(host.ok("-u", "s", s).stderr).toMatch(/was replaced by another file|was changed since it was taken/);
      host.ok("-w", s);
      expect(sha256(s)).toBe(atPointInTime);
      expect(cloneRecord(host, s).lastUpdate).toBe("scan");
    });

    it("disable releases the set's clones", () => {
      host.ok("-d", s);
      expect(readdirSync(path.join(fs.dir(), ".pitcrew-clones"))).toHaveLength(0);
      host.ok("-e", "ind", m, s, b);
      host.ok("-w", s);
      expect(cmpEqual(m, s)).toBe(true);
    });
  });
}

/** Polls -i until the copy has paused in its throttle (percent of bitmap set at `atMost` or below). */
async function waitForPause(host: Host, set: string, atMost: number): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const r = host.iiadm("-i", set);
    if (/copy in progress/.test(r.stdout) && percentOfBitmapSet(r.stdout) <= atMost) return;
    await sleep(50);
  }
  throw new Error("the copy never reached its throttle pause");
}

for (const kind of ["xfs", "btrfs"] as const) {
  describe.runIf(canUseLoopDevices || loopRequired)(`instant mode on ${kind}: copies stopped in the middle`, () => {
    const fs = sharingFileSystem(kind, 1200);
    let host: Host;
    let m: string, s: string;
    // Above the throttle's 100 units of 4 MiB, so a copy of every chunk pauses at about 80 %.
    const size = 480 * MiB;
    beforeAll(() => {
      host = new Host(fs.scratch());
      m = makeVolume(path.join(fs.dir(), "master"), size, "random");
      s = makeVolume(path.join(fs.scratch(), "shadow"), size);
      host.ok("-e", "ind", m, s, makeVolume(path.join(fs.scratch(), "bitmap"), MiB));
      host.ok("-w", s);
    });

    /** Every chunk of the master rewritten, then an update that pauses in its throttle. */
    async function pausedUpdate(): Promise<string> {
      makeVolume(m, size, "random");
      const atPointInTime = sha256(m);
      host.ok("-P", "10000", "100", s);
      host.ok("-u", "s", s);
      await waitForPause(host, s, 25);
      return atPointInTime;
    }

    it("a copy killed with SIGKILL resumes from the same clone and ends at the point in time", async () => {
      const atPointInTime = await pausedUpdate();
      const pid = host.runOwnerPid(s)!;
      process.kill(pid, "SIGKILL");
      while (await processStartTime(pid)) await sleep(25);
      writeRandomChunks(m, 200); // the application goes on writing
      expect(sha256(s)).not.toBe(atPointInTime);
      // The next command finds the dead copy and resumes it from C and the same clone.
      expect(host.iiadm("-P", "2", "100", s).stderr).toContain("resumed 1 interrupted copy");
      host.ok("-w", s);
      expect(sha256(s)).toBe(atPointInTime);
    });

    it("an aborted instant update leaves the shadow incomplete, and the next update ends at its own point in time", async () => {
      await pausedUpdate();
      host.ok("-a", s);
      expect(host.ok("-i", s).stdout).toMatch(/copy not active/);
      expect(host.iiadm("-w", s).status).toBe(2);
      host.ok("-P", "2", "100", s);
      writeRandomChunks(m, 30);
      const atPointInTime = sha256(m);
      host.ok("-u", "s", s);
      writeRandomChunks(m, 30);
      host.ok("-w", s);
      expect(sha256(s)).toBe(atPointInTime);
    });
  });
}

describe.runIf(canUseLoopDevices || loopRequired)("instant mode: the master, groups and dependent sets (XFS)", () => {
  const fs = sharingFileSystem("xfs", 1024);
  const other = sharingFileSystem("ext4", 256);
  let host: Host;
  const size = 32 * MiB;
  beforeAll(() => {
    host = new Host(fs.scratch());
  });

  it("a master deleted and recreated under its name is never diffed against the old clone", () => {
    const m = makeVolume(path.join(fs.dir(), "rm-master"), size, "random");
    const s = makeVolume(path.join(fs.dir(), "rm-shadow"), size);
    host.ok("-e", "ind", m, s, makeVolume(path.join(fs.dir(), "rm-bitmap"), MiB));
    host.ok("-w", s);
    const data = readFileSync(m);
    data.fill(7, 0, 4096);
    rmSync(m);
    writeFileSync(m, data);
    const atPointInTime = sha256(m);
    const r = host.iiadm("-u", "s", s);
    if (r.status === 0) {
      // XFS gave the new file the old inode number: the generation tells them apart.
      expect(r.stderr).toMatch(/the master is not the file the reference clone was taken from/);
      host.ok("-w", s);
      expect(sha256(s)).toBe(atPointInTime);
    } else {
      // Another inode number: the set no longer names its master, and nothing was copied.
      expect(r.stderr).toMatch(/master identity/);
    }
  });

  it("a group's sets get one point in time, taken together", async () => {
    const vols = ["g1", "g2"].map((n) => ({
      m: makeVolume(path.join(fs.dir(), `${n}-master`), size, "random"),
      s: makeVolume(path.join(fs.dir(), `${n}-shadow`), size),
      b: makeVolume(path.join(fs.dir(), `${n}-bitmap`), MiB),
    }));
    for (const v of vols) host.ok("-g", "pair", "-e", "ind", v.m, v.s, v.b);
    host.ok("-g", "pair", "-w");
    for (const v of vols) writeRandomChunks(v.m, 30);
    const atPointInTime = vols.map((v) => sha256(v.m));
    host.ok("-g", "pair", "-u", "s");
    for (const v of vols) writeRandomChunks(v.m, 30);
    host.ok("-g", "pair", "-w");
    expect(vols.map((v) => sha256(v.s))).toEqual(atPointInTime);
  });

  it("a dependent shadow is a clone: readable at once, it keeps the point in time while the master changes", () => {
    const m = makeVolume(path.join(fs.dir(), "dep-master"), size, "random");
    const s = makeVolume(path.join(fs.dir(), "dep-shadow"), size);
    const r = host.ok("-e", "dep", m, s, makeVolume(path.join(fs.dir(), "dep-bitmap"), MiB));
    expect(r.stderr).not.toMatch(/cannot do copy-on-write/);
    // No copy, no wait: the shadow is the point in time as soon as enable returns.
    expect(cmpEqual(m, s)).toBe(true);
    const atPointInTime = sha256(m);
    writeRandomChunks(m, 25);
    expect(sha256(s)).toBe(atPointInTime);
    expect(host.ok("-i", s).stdout).toMatch(/Percent of bitmap set: [1-9]/);
    host.ok("-u", "s", s);
    expect(cmpEqual(m, s)).toBe(true);
    // -c m puts the point in time back on the master.
    const pointInTime = sha256(s);
    writeRandomChunks(m, 25);
    host.ok("-c", "m", s);
    expect(sha256(m)).toBe(pointInTime);
    // It uses room only for what differs: master and shadow share their blocks.
    expect(statSync(s).size).toBe(size);
  });

  it("enable refuses a dependent shadow on another file system, naming why, and changes nothing", () => {
    const m = makeVolume(path.join(fs.dir(), "far-master"), size, "random");
    const s = makeVolume(path.join(other.dir(), "far-shadow"), size);
    const b = makeVolume(path.join(fs.dir(), "far-bitmap"), MiB);
    const r = host.iiadm("-e", "dep", m, s, b);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/dependent shadow .*far-shadow is on another file system \(ext4\)/);
    expect(host.config().sets.some((x) => x.shadow === s)).toBe(false);
    // Independent shadows may live anywhere: the copy reads the clone and writes the shadow.
    host.ok("-e", "ind", m, s, b);
    host.ok("-w", s);
    expect(cmpEqual(m, s)).toBe(true);
    expect(existsSync(path.join(fs.dir(), ".pitcrew-clones"))).toBe(true);
  });
});

describe.runIf(canUseLoopDevices || loopRequired)(
  "instant mode: a file system filled while clones hold old blocks (btrfs)",
  () => {
    const fs = sharingFileSystem("btrfs", 400);
    let host: Host;
    it("the copy fails naming the room the clones hold, nothing is reported done, and -R finishes it once there is room", () => {
      host = new Host(fs.scratch());
      const size = 96 * MiB;
      const m = makeVolume(path.join(fs.dir(), "master"), size, "random");
      const s = makeVolume(path.join(fs.dir(), "shadow"), size);
      // The bitmap elsewhere: the test is about the room of the shadow's writes.
      const b = makeVolume(path.join(fs.scratch(), "bitmap"), MiB);
      host.ok("-e", "ind", m, s, b);
      host.ok("-w", s);
      makeVolume(m, size, "random"); // every block rewritten: the reference clone keeps the old ones
      const atPointInTime = sha256(m);
      const filler = path.join(fs.dir(), "filler");
      spawnSync("dd", ["if=/dev/zero", `of=${filler}`, "bs=1M"]);
      spawnSync("sync");
      host.ok("-u", "s", s);
      const waited = host.iiadm("-w", s);
      expect(waited.status).toBe(2);
      expect(waited.stderr).toMatch(
        /copy did not complete: .*no space left.*reference clone .* holds \d+ bytes the master no longer uses/i,
      );
      expect(host.iiadm("-E", s).stderr).toMatch(/DSW_EINCOMPLETE/);
      rmSync(filler);
      spawnSync("sync");
      host.ok("-R", s);
      host.ok("-w", s);
      expect(sha256(s)).toBe(atPointInTime);
    });

    it("a disable whose bitmap cannot be rewritten on the full file system names the set and the bitmap, and keeps the set", () => {
      const size = 16 * MiB;
      const m = makeVolume(path.join(fs.scratch(), "master2"), size, "random");
      const s = makeVolume(path.join(fs.scratch(), "shadow2"), size);
      const b = makeVolume(path.join(fs.dir(), "bitmap2"), MiB);
      host.ok("-e", "ind", m, s, b);
      host.ok("-w", s);
      const filler = path.join(fs.dir(), "filler");
      spawnSync("dd", ["if=/dev/zero", `of=${filler}`, "bs=1M"]);
      spawnSync("sync");
      const refused = host.iiadm("-d", s);
      expect(refused.status).not.toBe(0);
      expect(refused.stderr).toContain(s);
      expect(refused.stderr).toMatch(
        new RegExp(`bitmap volume ${b} disabled failed: no space left .*the set is still enabled`),
      );
      expect(host.ok("-l").stdout).toContain(s);
      rmSync(filler);
      spawnSync("sync");
      host.ok("-d", s);
      expect(host.ok("-l").stdout).not.toContain(s);
    });
  },
);

describe.runIf(canUseLoopDevices || loopRequired)("instant mode: export, import and join (XFS)", () => {
  const fs = sharingFileSystem("xfs", 512);
  it("what the backup host wrote is found at the join, and the next instant update makes the shadow the point in time", () => {
    const prod = new Host(fs.scratch(), "prod");
    const backup = new Host(fs.scratch(), "backup");
    const size = 32 * MiB;
    const m = makeVolume(path.join(fs.dir(), "vol01"), size, "random");
    const s = makeVolume(path.join(fs.scratch(), "vol01-shadow"), size);
    const b = makeVolume(path.join(fs.scratch(), "vol01.bmp"), 24 * 1024);
    const b2 = makeVolume(path.join(fs.scratch(), "vol01-shadow.bmp"), 24 * 1024);
    prod.ok("-e", "ind", m, s, b);
    prod.ok("-w", s);
    prod.ok("-E", s);
    backup.ok("-I", s, b2);
    writeRandomChunks(s, 12); // the backup host writes its shadow; production does not change those chunks
    writeRandomChunks(m, 6);
    backup.ok("-d", s);
    prod.ok("-J", s, b2);
    const atPointInTime = sha256(m);
    prod.ok("-u", "s", s);
    writeRandomChunks(m, 6);
    prod.ok("-w", s);
    expect(sha256(s)).toBe(atPointInTime);
    expect(readFileSync(path.join(prod.stateDir, "ds.log"), "utf8")).toMatch(/from extent maps: \d+ chunks/);
  });
});
