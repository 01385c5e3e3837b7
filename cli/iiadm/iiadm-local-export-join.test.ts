// The LAN-free cycle at the engine level (docs/instant-image.md §3.6): export on the production host,
// import with a secondary bitmap on the backup host (here: a second state dir, as a second host
// would have), writes there, disable, join back, update — and master and shadow compare equal.
import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  canUseLoopDevices,
  cleanup,
  cmpEqual,
  Host,
  loopRequired,
  loopScratch,
  makeVolume,
  percentOfBitmapSet,
  scratchDir,
  writeRandomChunks,
} from "@/test/support/local-iiadm";

const MiB = 1024 * 1024;

/** Writes `count` chunks of a file volume and puts its mtime back: a write this host cannot see (writeStamp). */
function writeBehindProductionsBack(volume: string, count: number): void {
  const before = statSync(volume, { bigint: true }).mtimeNs;
  writeRandomChunks(volume, count);
  execFileSync("touch", [
    "-m",
    "-d",
    `@${before / 1_000_000_000n}.${String(before % 1_000_000_000n).padStart(9, "0")}`,
    volume,
  ]);
  expect(statSync(volume, { bigint: true }).mtimeNs).toBe(before);
}

describe("export, import, join", () => {
  let dir: string;
  let prod: Host;
  let backup: Host;
  let m: string, s: string, b: string, b2: string;
  beforeAll(() => {
    dir = scratchDir("join");
    prod = new Host(dir, "prod");
    backup = new Host(dir, "backup");
    m = makeVolume(path.join(dir, "production-vol01"), 32 * MiB, "random");
    s = makeVolume(path.join(dir, "backup-vol01"), 32 * MiB);
    b = makeVolume(path.join(dir, "production-vol01.bmp"), 24 * 1024);
    b2 = makeVolume(path.join(dir, "backup-vol01.bmp"), 24 * 1024);
  });
  afterAll(() => cleanup(dir));

  /** A fully copied 8 MiB set named after `name`, with a secondary bitmap for the backup host. */
  function copiedSet(name: string) {
    const set = {
      m: makeVolume(path.join(dir, name), 8 * MiB, "random"),
      s: makeVolume(path.join(dir, `${name}-shadow`), 8 * MiB),
      bm: makeVolume(path.join(dir, `${name}.bmp`), 24 * 1024),
      bs: makeVolume(path.join(dir, `${name}-shadow.bmp`), 24 * 1024),
    };
    prod.ok("-e", "ind", set.m, set.s, set.bm);
    prod.ok("-w", set.s);
    return set;
  }

  function updateShadow(shadow: string): void {
    prod.ok("-u", "s", shadow);
    prod.ok("-w", shadow);
  }

  it("chunks written on the backup host are recopied after join and update", () => {
    prod.ok("-g", "Backup1", "-e", "ind", m, s, b);
    prod.ok("-g", "Backup1", "-w");
    prod.ok("-g", "Backup1", "-E");
    expect(prod.ok("-i", s).stdout).toMatch(/^Independent copy, shadow volume exported$/m);
    const refused = prod.iiadm("-u", "s", s); // an update of an exported set is refused, as iiadm words it
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("iiadm: Copy failed:");
    expect(refused.stderr).toContain(`${s}: shadow volume is exported`);
    expect(prod.iiadm("-g", "Backup1", "-u", "s").stderr).toContain("iiadm: Update failed:");

    const imported = backup.ok("-I", s, b2);
    expect(imported.stderr).not.toMatch(/scanning it to record a baseline/); // digests travelled
    const status = backup.ok("-i", s).stdout;
    expect(status).toContain("<imported_shadow>: (master volume)");
    expect(status).toMatch(/^Independent copy, shadow volume imported$/m);

    const writtenOnBackup = writeRandomChunks(s, 12);
    writeRandomChunks(m, 6); // production keeps writing meanwhile
    const disabled = backup.ok("-d", s);
    expect(disabled.stderr).toContain(`${writtenOnBackup.length} chunk(s) written on this host recorded`);
    expect(backup.ok("-l").stdout).toBe("");

    prod.ok("-J", s, b2);
    expect(prod.ok("-i", s).stdout).toMatch(/^Independent copy$/m);
    expect(percentOfBitmapSet(prod.ok("-i", s).stdout)).toBeGreaterThanOrEqual(1);
    prod.ok("-g", "Backup1", "-u", "s");
    prod.ok("-g", "Backup1", "-w");
    expect(cmpEqual(m, s, 32 * MiB)).toBe(true);
  });

  it("join refuses a bitmap that was never disabled unless forced", () => {
    prod.ok("-E", s);
    backup.ok("-I", s, b2);
    writeRandomChunks(s, 3);
    const refused = prod.iiadm("-J", s, b2);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/never disabled/);
    expect(prod.ok("-i", s).stdout).toContain("shadow volume exported");
    const bitmapBefore = readFileSync(b);
    const forced = prod.iiadm("-n", "-J", s, b2);
    expect(forced.status, forced.stderr).toBe(0);
    expect(readFileSync(b).equals(bitmapBefore)).toBe(false);
    backup.ok("-d", s); // tidy the backup host's record
    prod.ok("-u", "s", s);
    prod.ok("-w", s);
    // The forced join took the importer's S as it was (empty, never disabled): the shadow's
    // scan on update still finds the backup host's writes, so nothing is left behind.
    expect(cmpEqual(m, s, 32 * MiB)).toBe(true);
  });

  it("import without travelling digests scans a baseline and still finds every write", () => {
    const m2 = makeVolume(path.join(dir, "m2"), 8 * MiB, "random");
    const s2 = makeVolume(path.join(dir, "s2"), 8 * MiB);
    const bm = makeVolume(path.join(dir, "m2.bmp"), 24 * 1024);
    const bs = makeVolume(path.join(dir, "s2.bmp"), 24 * 1024);
    prod.ok("-e", "ind", m2, s2, bm);
    prod.ok("-w", s2);
    prod.ok("-E", s2);
    cleanup(path.join(dir, ".pitcrew", "s2.digests"));
    const imported = backup.ok("-I", s2, bs);
    expect(imported.stderr).toMatch(/scanning it to record a baseline/);
    writeRandomChunks(s2, 4);
    backup.ok("-d", s2);
    prod.ok("-J", s2, bs);
    prod.ok("-u", "s", s2);
    prod.ok("-w", s2);
    expect(cmpEqual(m2, s2)).toBe(true);
  });

  it("a bitmap left disabled by an earlier cycle is not trusted for this export: -J refuses it, -n -J rescans the shadow", () => {
    const { m, s, bm, bs } = copiedSet("earlier-cycle");
    // Cycle 1, complete: the secondary bitmap ends disabled, recording the backup host's writes.
    prod.ok("-E", s);
    backup.ok("-I", s, bs);
    writeRandomChunks(s, 2);
    backup.ok("-d", s);
    prod.ok("-J", s, bs);
    updateShadow(s);
    expect(cmpEqual(m, s)).toBe(true);

    // Cycle 2: exported again, but the backup host writes the shadow without importing it, so
    // the bitmap still holds cycle 1's record. The writes keep the file's mtime, as writes from
    // another host on a SAN leave no trace this host could see.
    prod.ok("-E", s);
    writeBehindProductionsBack(s, 3);
    const bitmapBefore = readFileSync(bm);
    const refused = prod.iiadm("-J", s, bs);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`imported bitmap ${bs} was written for an earlier export of ${s}`);
    expect(refused.stderr).toContain("use -n to join without it");
    expect(prod.ok("-i", s).stdout).toContain("shadow volume exported");
    expect(readFileSync(bm).equals(bitmapBefore)).toBe(true);

    const forced = prod.ok("-n", "-J", s, bs);
    expect(forced.stderr).toMatch(/earlier export.*the next update scans the whole shadow/);
    updateShadow(s);
    expect(cmpEqual(m, s)).toBe(true);
  });

  it("an import left by an earlier export (joined without it) is replaced by the next import; one of the same export is refused", () => {
    const { m, s, bs } = copiedSet("replaced-import");
    // The backup host imports, then is gone: production joins without its record.
    prod.ok("-E", s);
    backup.ok("-I", s, bs);
    prod.ok("-n", "-J", s, bs);
    updateShadow(s);

    prod.ok("-E", s);
    const again = backup.ok("-I", s, bs); // the backup host is back, still holding its old import
    expect(again.stderr).toContain(`${s}: replaced this host's import of an earlier export of it`);
    expect(
      backup
        .ok("-l")
        .stdout.split("\n")
        .filter((l) => l.includes(s)),
    ).toHaveLength(1);
    const twice = backup.iiadm("-I", s, bs);
    expect(twice.status).toBe(2);
    expect(twice.stderr).toContain(`${s} is already configured`);

    writeRandomChunks(s, 4);
    expect(backup.ok("-d", s).stderr).toContain("4 chunk(s) written on this host recorded");
    prod.ok("-J", s, bs); // this export's record: trusted, no -n needed
    updateShadow(s);
    expect(cmpEqual(m, s)).toBe(true);
  });

  it("refuses to export a set that is not fully copied or dependent, and to join one not exported", () => {
    const m3 = makeVolume(path.join(dir, "m3"), 4 * MiB, "random");
    const s3 = makeVolume(path.join(dir, "s3"), 4 * MiB);
    const b3 = makeVolume(path.join(dir, "b3"), 24 * 1024);
    prod.ok("-e", "dep", m3, s3, b3);
    const dep = prod.iiadm("-E", s3);
    expect(dep.status).toBe(2);
    expect(dep.stderr).toContain("Export failed");
    expect(dep.stderr).toContain(s3);
    const join = prod.iiadm("-J", m, b2);
    expect(join.status).toBe(2);
    expect(prod.iiadm("-J", s, b2).stderr).toMatch(/not exported/);
    const other = prod.iiadm("-J", s, path.join(dir, "s2.bmp"));
    expect(other.status).toBe(2);
    expect(other.stderr).toContain(`belongs to shadow ${path.join(dir, "s2")}`);
  });
});

// On a SAN the backup host writes the shared device through its own kernel: nothing on the
// production host (no write counter, no mtime) sees those writes. Writing to a loop device's
// backing file does the same here: the device's data changes, its write counter does not.
describe.runIf(canUseLoopDevices || loopRequired)(
  "forced join of a shadow written by a host that never disabled its bitmap",
  () => {
    const scratch = loopScratch("join-loop");

    /** A set on loop devices, fully copied and exported by host `name`; the shadow's backing file is where "another host" writes. */
    function exportedLoopSet(name: string) {
      const dir = scratch.dir();
      const m = scratch.attach(makeVolume(path.join(dir, `${name}-m.img`), 16 * MiB, "random"));
      const shadowFile = makeVolume(path.join(dir, `${name}-s.img`), 16 * MiB);
      const s = scratch.attach(shadowFile);
      const prod = new Host(dir, name);
      const b = makeVolume(path.join(dir, `${name}-m.bmp`), 24 * 1024);
      const b2 = makeVolume(path.join(dir, `${name}-s.bmp`), 24 * 1024);
      prod.ok("-e", "ind", m, s, b);
      prod.ok("-w", s);
      prod.ok("-E", s);
      return { prod, m, s, shadowFile, b2 };
    }

    /** The forced join warned `warning`; the next update undoes what was written behind this host's back. */
    function expectRescanUndoesWrites(set: ReturnType<typeof exportedLoopSet>, warning: RegExp): void {
      const { prod, m, s, b2 } = set;
      expect(cmpEqual(m, s)).toBe(false);
      const forced = prod.iiadm("-n", "-J", s, b2);
      expect(forced.status, forced.stderr).toBe(0);
      expect(forced.stderr).toMatch(warning);
      expect(prod.ok("-i", s).stdout).not.toContain("exported");
      prod.ok("-u", "s", s);
      prod.ok("-w", s);
      expect(cmpEqual(m, s)).toBe(true);
      prod.ok("-d", s);
    }

    it("rescans the shadow on the next update, so the unrecorded writes are undone", () => {
      const set = exportedLoopSet("prod");
      new Host(scratch.dir(), "backup").ok("-I", set.s, set.b2);
      writeRandomChunks(set.shadowFile, 5); // the backup host writes, then is lost: never disabled
      expectRescanUndoesWrites(set, /never disabled.*next update scans the whole shadow/);
    });

    it("a shadow exported but never imported joins with -n over a blank bitmap, and the next update still undoes writes to it", () => {
      const set = exportedLoopSet("prod2");
      writeRandomChunks(set.shadowFile, 3); // another host wrote it without ever importing it
      const refused = set.prod.iiadm("-J", set.s, set.b2);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain(`${set.b2} is not a valid bitmap volume`);
      expect(refused.stderr).toContain("use -n to join without it");
      expect(set.prod.ok("-i", set.s).stdout).toContain("shadow volume exported");
      expectRescanUndoesWrites(set, /has no usable header .*next update scans the whole shadow/);
    });
  },
);
