// Volumes (docs/architecture.md §2 "Volume"): regular files and block devices, their size and identity,
// and confinement of console-reachable paths to the disk-group roots.
import { execFileSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { mkdir, mkdtemp, rm, symlink, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EngineError } from "./engine-error";
import { confineToRoots, majorMinor, volumeInfo } from "./volume";

const MiB = 1024 * 1024;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "pitcrew-volume-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function makeFile(name: string, bytes: number): Promise<string> {
  const file = path.join(dir, name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, "");
  await truncate(file, bytes);
  return file;
}

async function rejection(p: Promise<unknown>): Promise<EngineError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EngineError);
  return err as EngineError;
}

describe("majorMinor (Linux dev_t encoding)", () => {
  it("/dev/null is 1:3", () => {
    expect(majorMinor(statSync("/dev/null").rdev)).toBe("1:3");
    expect(majorMinor(0x103)).toBe("1:3");
  });

  it.each([
    [0, "0:0"],
    [0x0700, "7:0"], // loop0
    [0x0701, "7:1"],
    [0x0800, "8:0"], // sda
    [0x0811, "8:17"], // sdb1
    [0x10300, "259:0"], // nvme0n1
    [0xfd04, "253:4"], // device-mapper
    [0x100700, "7:256"], // minor ≥ 256 keeps its high bits in bits 20–31
    [0x7fffffff, "4095:524287"], // largest value below bit 31
    [0xffffffff, "4095:1048575"], // largest 32-bit dev_t: bit 31 set
  ])("rdev %d -> %s", (rdev, expected) => {
    expect(majorMinor(rdev)).toBe(expected);
  });

  it("agrees with /sys for a block device when one is visible", () => {
    const loop0 = "/dev/loop0";
    if (!existsSync(loop0)) return;
    const st = statSync(loop0);
    if (!st.isBlockDevice()) return;
    expect(majorMinor(st.rdev)).toBe("7:0");
  });
});

describe("volumeInfo", () => {
  it("describes a regular file: kind, size, identity f:dev:ino", async () => {
    const file = await makeFile("vol-a", 3 * MiB + 512);
    const st = statSync(file);
    const info = await volumeInfo(file, "master");
    expect(info).toEqual({
      path: file,
      realPath: file,
      kind: "file",
      sizeBytes: 3 * MiB + 512,
      identity: `f:${st.dev}:${st.ino}`,
      devNumber: null,
    });
  });

  it("a symlink to a file has the file's identity but keeps the operator's path", async () => {
    const file = await makeFile("vol-b", MiB);
    const link = path.join(dir, "link-to-b");
    await symlink(file, link);
    const viaFile = await volumeInfo(file);
    const viaLink = await volumeInfo(link);
    expect(viaLink.identity).toBe(viaFile.identity);
    expect(viaLink.path).toBe(link);
    expect(viaLink.realPath).toBe(file);
    expect(viaLink.sizeBytes).toBe(MiB);
  });

  it("two different files have different identities", async () => {
    const a = await volumeInfo(await makeFile("vol-c", 512));
    const b = await volumeInfo(await makeFile("vol-d", 512));
    expect(a.identity).not.toBe(b.identity);
  });

  it("an empty file has size 0 (a file's size is its stat size)", async () => {
    expect((await volumeInfo(await makeFile("vol-empty", 0))).sizeBytes).toBe(0);
  });

  it("a missing path is DSW_EOPEN naming the role and the path", async () => {
    const missing = path.join(dir, "no-such-volume");
    const err = await rejection(volumeInfo(missing, "shadow"));
    expect(err.code).toBe("DSW_EOPEN");
    expect(err.message).toBe(`shadow ${missing}: does not exist`);
  });

  it("a dangling symlink is reported as missing", async () => {
    const link = path.join(dir, "dangling");
    await symlink(path.join(dir, "gone"), link);
    const err = await rejection(volumeInfo(link, "bitmap"));
    expect(err.code).toBe("DSW_EOPEN");
    expect(err.message).toContain(`bitmap ${link}`);
  });

  it("a directory is refused, naming the role and the path", async () => {
    const sub = path.join(dir, "a-directory");
    await mkdir(sub);
    const err = await rejection(volumeInfo(sub, "master"));
    expect(err.code).toBe("DSW_EOPEN");
    expect(err.message).toBe(`master ${sub} is neither a block device nor a regular file`);
  });

  it("a character device (/dev/null) is refused", async () => {
    const err = await rejection(volumeInfo("/dev/null", "master"));
    expect(err.code).toBe("DSW_EOPEN");
    expect(err.message).toContain("/dev/null");
  });
});

describe("volumeInfo on a loop block device", () => {
  const isRoot = process.getuid?.() === 0;
  const haveLoop = existsSync("/dev/loop-control");
  const required = process.env.PITCREW_REQUIRE_LOOP === "1";
  let device: string | null = null;

  afterAll(() => {
    if (device) execFileSync("losetup", ["--detach", device]);
  });

  it("reports kind block and the device's size from sysfs (5 MiB, not stat's 0)", async (ctx) => {
    if (!isRoot || !haveLoop) {
      const reason = !isRoot
        ? "loop devices need root (run as root or set PITCREW_REQUIRE_LOOP=1 to make this a failure)"
        : "/dev/loop-control is missing (no loop driver in this environment)";
      if (!required) ctx.skip(reason);
      throw new Error(`PITCREW_REQUIRE_LOOP=1 but ${reason}`);
    }
    const file = await makeFile("loop-backing", 5 * MiB);
    device = execFileSync("losetup", ["--find", "--show", file], { encoding: "utf8" }).trim();
    expect(device).toMatch(/^\/dev\/loop\d+$/);
    const st = statSync(device);
    expect(st.size).toBe(0);
    const info = await volumeInfo(device, "master");
    expect(info.kind).toBe("block");
    expect(info.sizeBytes).toBe(5 * MiB);
    expect(info.devNumber).toBe(majorMinor(st.rdev));
    expect(info.devNumber).toMatch(/^7:\d+$/);
    expect(info.identity).toBe(`b:${info.devNumber}`);
    expect(info.path).toBe(device);
  });
});

describe("confineToRoots", () => {
  let root: string;
  let outside: string;
  beforeAll(async () => {
    root = path.join(dir, "dg-root");
    outside = await makeFile("outside/secret", 512);
    await makeFile("dg-root/vols/v1", 512);
    await makeFile("dg-root-evil/v1", 512);
    await symlink(outside, path.join(root, "vols", "escape"));
    await symlink(path.join(root, "vols", "v1"), path.join(root, "alias"));
  });

  it("accepts a volume inside a root and returns its real path", async () => {
    const v1 = path.join(root, "vols", "v1");
    await expect(confineToRoots(v1, [root])).resolves.toBe(v1);
  });

  it("accepts a symlink that stays inside the root, returning its target", async () => {
    await expect(confineToRoots(path.join(root, "alias"), [root])).resolves.toBe(path.join(root, "vols", "v1"));
  });

  it("accepts the volume when any one of several roots contains it", async () => {
    const v1 = path.join(root, "vols", "v1");
    await expect(confineToRoots(v1, [path.join(dir, "elsewhere"), root])).resolves.toBe(v1);
  });

  it("refuses '..' even when it resolves inside the root, naming the path", async () => {
    const p = `${root}/vols/../vols/v1`;
    const err = await rejection(confineToRoots(p, [root], "shadow"));
    expect(err.code).toBe("DSW_EOPEN");
    expect(err.message).toBe(`shadow ${p} contains '..'`);
  });

  it("refuses '..' that climbs out of the root", async () => {
    const p = `${root}/../outside/secret`;
    await expect(confineToRoots(p, [root])).rejects.toThrow(`volume ${p} contains '..'`);
  });

  it("refuses a symlink pointing outside the root, naming the path and the roots", async () => {
    const p = path.join(root, "vols", "escape");
    const err = await rejection(confineToRoots(p, [root], "master"));
    expect(err.code).toBe("DSW_EOPEN");
    expect(err.message).toBe(`master ${p} is outside the configured roots (${root})`);
  });

  it("refuses a sibling directory that merely shares the root's name as a prefix", async () => {
    const p = path.join(dir, "dg-root-evil", "v1");
    await expect(confineToRoots(p, [root])).rejects.toThrow(/is outside the configured roots/);
  });

  it("refuses a relative path, naming it", async () => {
    const err = await rejection(confineToRoots("vols/v1", [root], "bitmap"));
    expect(err.code).toBe("DSW_EOPEN");
    expect(err.message).toBe("bitmap vols/v1 must be an absolute path");
  });

  it("refuses a missing path inside the root as DSW_EOPEN naming it", async () => {
    const p = path.join(root, "vols", "nope");
    const err = await rejection(confineToRoots(p, [root]));
    expect(err.code).toBe("DSW_EOPEN");
    expect(err.message).toBe(`volume ${p}: does not exist`);
  });

  it("refuses everything when no roots are configured", async () => {
    await expect(confineToRoots(path.join(root, "vols", "v1"), [])).rejects.toThrow(/outside the configured roots/);
  });

  it("a root given with a trailing slash still contains its volumes", async () => {
    const v1 = path.join(root, "vols", "v1");
    await expect(confineToRoots(v1, [`${root}/`])).resolves.toBe(v1);
  });

  it("a root of '/' contains every absolute path", async () => {
    const v1 = path.join(root, "vols", "v1");
    await expect(confineToRoots(v1, ["/"])).resolves.toBe(v1);
  });
});
