// The metadata lock (docs/instant-image.md §8.2): exclusive across concurrent writers, stale locks
// broken (dead holder on this machine, untouched lock from elsewhere), live ones waited for, and
// a holder whose lock was broken writes nothing.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanup, scratchDir } from "@/test/support/local-iiadm";
import { createDiskGroup } from "./disk-group";
import { LOCK_FILE, thisMachine, updateDiskGroup, withDiskGroupLock } from "./disk-group-lock";
import { METADATA_FILE, readMetadata } from "./disk-group-metadata";

function plantLock(dg: string, holder: object, ageMs = 0): string {
  const file = path.join(dg, LOCK_FILE);
  writeFileSync(file, JSON.stringify({ token: "t", createdAt: "then", startTime: "1", ...holder }));
  if (ageMs) {
    const when = new Date(Date.now() - ageMs);
    utimesSync(file, when, when);
  }
  return file;
}

describe("disk group metadata lock", () => {
  let dir: string;
  let dg: string;
  beforeAll(async () => {
    dir = scratchDir("dglock");
    mkdirSync(path.join(dir, "san"));
    dg = (await createDiskGroup(path.join(dir, "san"), "g", "hostA")).dir;
  });
  afterAll(() => cleanup(dir));

  it("serialises concurrent read-modify-writes: no update is lost", async () => {
    const start = (await readMetadata(dg)).importGeneration;
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        updateDiskGroup(dg, `host${i % 3}`, async (md) => {
          const seen = md.importGeneration;
          await new Promise((r) => setTimeout(r, 1)); // widen the window a lost update would need
          md.importGeneration = seen + 1;
        }),
      ),
    );
    expect((await readMetadata(dg)).importGeneration).toBe(start + 25);
    expect(existsSync(path.join(dg, LOCK_FILE))).toBe(false);
  });

  it("breaks the lock of a dead process on this machine at once", async () => {
    const dead = spawnSync(process.execPath, ["-e", "0"]).pid!;
    plantLock(dg, { host: "hostA", machine: thisMachine(), pid: dead });
    const warnings: string[] = [];
    const started = Date.now();
    await updateDiskGroup(dg, "hostA", (md) => void (md.lastImportedAt = "x"), { warn: (w) => warnings.push(w) });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(warnings).toEqual([
      expect.stringMatching(
        new RegExp(`broke a stale metadata lock: its holder \\(host hostA, pid ${dead}\\) is gone`),
      ),
    ]);
    expect((await readMetadata(dg)).lastImportedAt).toBe("x");
  });

  it("breaks an untouched lock from another machine, but waits for a fresh one and then names its holder", async () => {
    plantLock(dg, { host: "hostB", machine: "elsewhere/1", pid: 1 }, 60_000);
    const warnings: string[] = [];
    await updateDiskGroup(dg, "hostA", (md) => void (md.lastImportedAt = "y"), { warn: (w) => warnings.push(w) });
    expect(warnings[0]).toMatch(/last touched 60 s ago by host hostB/);

    const lock = plantLock(dg, { host: "hostB", machine: "elsewhere/1", pid: 1, createdAt: "2026-01-01T00:00:00Z" });
    const before = readFileSync(path.join(dg, METADATA_FILE), "utf8");
    await expect(
      updateDiskGroup(dg, "hostA", (md) => void (md.lastImportedAt = "z"), { waitMs: 300 }),
    ).rejects.toMatchObject({
      code: "DG_EBUSY",
      message: expect.stringMatching(/disk group g .* locked by host hostB \(pid 1\) since 2026-01-01T00:00:00Z/),
    });
    expect(readFileSync(path.join(dg, METADATA_FILE), "utf8")).toBe(before);
    expect(existsSync(lock)).toBe(true); // a live lock is never removed by a waiter
    cleanup(lock);
  });

  it("a holder whose lock was broken underneath it writes nothing and leaves the new lock alone", async () => {
    const before = readFileSync(path.join(dg, METADATA_FILE), "utf8");
    let planted = "";
    await expect(
      updateDiskGroup(dg, "hostA", (md) => {
        // Another host judged us stale and took the lock.
        cleanup(path.join(dg, LOCK_FILE));
        planted = plantLock(dg, { host: "hostB", machine: "elsewhere/1", pid: 1 });
        md.owner = "hostA-late";
      }),
    ).rejects.toMatchObject({
      code: "DG_EBUSY",
      message: expect.stringContaining("lock was broken by another host; nothing was written"),
    });
    expect(readFileSync(path.join(dg, METADATA_FILE), "utf8")).toBe(before);
    expect(existsSync(planted)).toBe(true);
    cleanup(planted);
  });

  it("refuses a directory that is no disk group without creating anything in it", async () => {
    const plain = path.join(dir, "plain");
    mkdirSync(plain);
    await expect(updateDiskGroup(plain, "hostA", () => {})).rejects.toMatchObject({ code: "DG_ENOTFOUND" });
    await expect(withDiskGroupLock(path.join(dir, "missing"), "hostA", async () => {})).rejects.toMatchObject({
      code: "DG_ENOTFOUND",
    });
    expect(existsSync(path.join(plain, LOCK_FILE))).toBe(false);
  });
});
