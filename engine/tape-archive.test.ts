// The tape archive on the devices a test machine has: a regular file and (as root) a loop block
// device stand in for the drive; both are written from the start and read back from the start,
// as a tape is. GNU tar must restore what pitcrew wrote.
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  writeFileSync,
  writeSync,
  closeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyTapeArchive, writeTapeArchive } from "./tape-archive";

const isRoot = process.getuid?.() === 0;
const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

let dir: string;
let vols: string[];
const mounts: string[] = [];
const loops: string[] = [];

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "pitcrew-tape-"));
  mkdirSync(path.join(dir, "dg"));
  vols = [path.join(dir, "dg", "vol01"), path.join(dir, "dg", "vol02")];
  writeFileSync(vols[0]!, randomBytes(3 << 20));
  writeFileSync(vols[1]!, randomBytes((1 << 20) + 333)); // not a multiple of 512
});
afterAll(() => {
  for (const m of mounts) execFileSync("umount", [m]);
  for (const l of loops) execFileSync("losetup", ["-d", l]);
  rmSync(dir, { recursive: true, force: true });
});

const input = (device: string, label = "run-1") => ({
  device,
  label,
  host: "backup",
  pointInTime: "2026-12-03T02:00:00.000Z",
  volumes: vols.map((v, i) => ({ path: v, set: i === 0 ? v : null })),
});

function restoreAndCompare(device: string, label: string) {
  const listed = execFileSync("tar", ["-t", "-f", device], { encoding: "utf8" }).trim().split("\n");
  expect(listed).toEqual([`${label}/dg-vol01.img`, `${label}/dg-vol02.img`, `${label}/manifest.json`]);
  const out = mkdtempSync(path.join(dir, "out-"));
  execFileSync("tar", ["-x", "-f", device, "-C", out]);
  vols.forEach((v, i) => expect(sha(path.join(out, label, `dg-vol0${i + 1}.img`))).toBe(sha(v)));
}

describe("tape archive on a file standing in for the drive", () => {
  it("writes one tar stream that GNU tar restores, and verifies it against the manifest at its end", async () => {
    const device = path.join(dir, "tape0");
    writeFileSync(device, "");
    const phases = new Set<string>();
    const { manifest } = await writeTapeArchive(input(device), { onProgress: (p) => phases.add(p.phase) });
    expect(phases).toEqual(new Set(["archiving", "verifying"]));
    expect(manifest).toMatchObject({ label: "run-1", host: "backup", pointInTime: "2026-12-03T02:00:00.000Z" });
    expect(manifest.volumes.map((v) => [v.file, v.sizeBytes, v.sha256])).toEqual(
      vols.map((v, i) => [`run-1/dg-vol0${i + 1}.img`, readFileSync(v).length, sha(v)]),
    );
    restoreAndCompare(device, "run-1");
    expect(readFileSync(device).length % 65536).toBe(0);
    expect(await verifyTapeArchive(device)).toEqual(manifest);
  });

  it("finds one flipped byte in a member, naming it, and calls a stream without its manifest incomplete", async () => {
    const device = path.join(dir, "tape1");
    writeFileSync(device, "");
    await writeTapeArchive(input(device, "run-2"));
    const fd = openSync(device, "r+");
    const byte = Buffer.alloc(1);
    readSync(fd, byte, 0, 1, 512 + 1000); // inside the first member's data
    byte[0] = byte[0]! ^ 0xff;
    writeSync(fd, byte, 0, 1, 512 + 1000);
    closeSync(fd);
    await expect(verifyTapeArchive(device)).rejects.toMatchObject({
      code: "ARCHIVE_EMISMATCH",
      message: expect.stringContaining("tape member run-2/dg-vol01.img"),
    });

    const cut = path.join(dir, "tape-cut");
    writeFileSync(cut, readFileSync(device).subarray(0, 2 << 20));
    await expect(verifyTapeArchive(cut)).rejects.toMatchObject({
      code: "ARCHIVE_EMISMATCH",
      message: expect.stringMatching(/ends early|no manifest/),
    });
  });

  it("refuses a missing device without creating it, a non-rewinding drive by name, and a bad label, before writing", async () => {
    const missing = path.join(dir, "no-such-tape");
    await expect(writeTapeArchive(input(missing))).rejects.toMatchObject({
      code: "ARCHIVE_EWRITE",
      message: `tape device ${missing}: does not exist`,
    });
    expect(existsSync(missing)).toBe(false);
    await expect(writeTapeArchive(input("/dev/nst0"))).rejects.toThrow(/use the rewinding device \/dev\/st0/);
    await expect(writeTapeArchive(input(path.join(dir, "tape0"), "../x"))).rejects.toThrow(/archive label "\.\.\/x"/);
  });
});

describe.runIf(isRoot || process.env.PITCREW_REQUIRE_LOOP === "1")("tape archive on block devices (root)", () => {
  it("runs the same on a loop block device, and fails a full one with ARCHIVE_ENOSPC naming it", async () => {
    expect(isRoot, "loop devices need root").toBe(true);
    const attach = (file: string, bytes: number) => {
      writeFileSync(file, "");
      execFileSync("truncate", ["-s", String(bytes), file]);
      const device = execFileSync("losetup", ["--find", "--show", file], { encoding: "utf8" }).trim();
      loops.push(device);
      return device;
    };
    const big = attach(path.join(dir, "tape-big.img"), 16 << 20);
    const { manifest } = await writeTapeArchive(input(big, "run-3"));
    expect(manifest.volumes).toHaveLength(2);
    restoreAndCompare(big, "run-3");

    const small = attach(path.join(dir, "tape-small.img"), 2 << 20);
    await expect(writeTapeArchive(input(small, "run-4"))).rejects.toMatchObject({
      code: "ARCHIVE_ENOSPC",
      message: expect.stringMatching(new RegExp(`^tape device ${small} is full: it took \\d+ bytes`)),
    });
  });
});
