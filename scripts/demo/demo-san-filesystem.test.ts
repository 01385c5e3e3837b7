// Where `npm start` puts the demo SAN: XFS with reflink in a loop-mounted image as root, plain
// files otherwise, an existing image mounted again and never reformatted, and what the start
// summary says about the consistency mode its sets get.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sharingOf } from "@/engine/block-sharing";
import type { VolumeSharing } from "@/lib/consistency-mode";
import { canUseLoopDevices, cleanup, loopRequired, scratchDir } from "@/test/support/local-iiadm";
import {
  DEMO_SAN_IMAGE_NAME,
  DemoSanPlacementError,
  describeDemoSanMode,
  isMountPoint,
  placeDemoSan,
  unmountDemoSan,
  type HostFacts,
} from "./demo-san-filesystem";

const ROOT: HostFacts = { root: true, loopDevices: true, mkfsXfs: true };
const NOT_ROOT: HostFacts = { ...ROOT, root: false };

let data: string;
let san: string;
beforeEach(() => {
  data = scratchDir("demo-san-fs");
  san = path.join(data, "san");
});
afterEach(() => {
  unmountDemoSan(san);
  cleanup(data);
});

describe("placeDemoSan without an image to mount", () => {
  it("stays on plain files when not root, and makes no image", () => {
    const placed = placeDemoSan(data, san, NOT_ROOT);
    expect(placed).toMatchObject({ image: null, mountedHere: false, plainBecause: "not root" });
    expect(existsSync(path.join(data, DEMO_SAN_IMAGE_NAME))).toBe(false);
  });

  it("says what is missing as root: mkfs.xfs (with the package to install) or loop devices", () => {
    expect(placeDemoSan(data, san, { ...ROOT, mkfsXfs: false }).plainBecause).toBe(
      "mkfs.xfs is missing (apt-get install xfsprogs)",
    );
    expect(placeDemoSan(data, san, { ...ROOT, loopDevices: false }).plainBecause).toMatch(/no loop devices/);
    expect(existsSync(path.join(data, DEMO_SAN_IMAGE_NAME))).toBe(false);
  });

  it("leaves a demo SAN made on plain files at an earlier start where it is, even as root", () => {
    mkdirSync(path.join(san, "production"), { recursive: true });
    const placed = placeDemoSan(data, san, ROOT);
    expect(placed.image).toBeNull();
    expect(placed.plainBecause).toMatch(
      /made on plain files at an earlier start .*move .* away and start again as root/,
    );
    expect(existsSync(path.join(data, DEMO_SAN_IMAGE_NAME))).toBe(false);
  });

  it("refuses to start on plain files when the demo SAN is in an image it cannot mount (not root)", () => {
    writeFileSync(path.join(data, DEMO_SAN_IMAGE_NAME), "");
    expect(() => placeDemoSan(data, san, NOT_ROOT)).toThrow(DemoSanPlacementError);
    expect(() => placeDemoSan(data, san, NOT_ROOT)).toThrow(/mounting it needs root/);
  });

  it("refuses to mount an image over files", () => {
    writeFileSync(path.join(data, DEMO_SAN_IMAGE_NAME), "");
    mkdirSync(san);
    writeFileSync(path.join(san, "something"), "x");
    expect(() => placeDemoSan(data, san, ROOT)).toThrow(/holds files: not mounting the image over them/);
  });
});

describe.runIf(canUseLoopDevices || loopRequired)("placeDemoSan as root (mkfs.xfs and a loop mount)", () => {
  it("makes an XFS image with reflink, mounts it, unmounts it at stop and mounts it again without reformatting", async () => {
    expect(canUseLoopDevices, "loop devices are required here (root and /dev/loop-control)").toBe(true);
    const first = placeDemoSan(data, san);
    expect(first).toMatchObject({ image: path.join(data, DEMO_SAN_IMAGE_NAME), mountedHere: true, plainBecause: null });
    expect(isMountPoint(san)).toBe(true);
    mkdirSync(path.join(san, "production"));
    writeFileSync(path.join(san, "production", "vol01"), "data that must survive");
    const sharing = await sharingOf(path.join(san, "production"));
    expect(sharing).toMatchObject({ filesystem: "xfs", mechanism: "xfs-reflink" });
    expect(describeDemoSanMode(first, sharing)).toBe(
      `on XFS with reflink in ${first.image} (made now, 4 GiB sparse; unmounted at stop): its sets use instant mode`,
    );

    expect(unmountDemoSan(san)).toBeNull();
    expect(isMountPoint(san)).toBe(false);
    expect(existsSync(path.join(san, "production"))).toBe(false);

    const second = placeDemoSan(data, san);
    expect(second).toMatchObject({ mountedHere: true, note: `in ${first.image} (mounted again; unmounted at stop)` });
    expect(readFileSync(path.join(san, "production", "vol01"), "utf8")).toBe("data that must survive");

    // Mounted already (by the operator, or a killed start): used, and not this start's to unmount.
    const third = placeDemoSan(data, san);
    expect(third).toMatchObject({ mountedHere: false, note: "(mounted before this start; left mounted at stop)" });
    expect(unmountDemoSan(san)).toBeNull();
  });
});

describe("describeDemoSanMode", () => {
  const ext4: VolumeSharing = {
    filesystem: "ext4",
    fsId: "1",
    mechanism: null,
    reason: "its file system (ext4) cannot share blocks; instant mode needs XFS with reflink or btrfs",
  };

  it("says why a non-root start is in scan mode and what to do", () => {
    const placed = placeDemoSan(data, san, NOT_ROOT);
    expect(describeDemoSanMode(placed, ext4)).toBe(
      "not root: the demo SAN is on plain files of ext4, so its sets use scan mode; run as root to put it on XFS with reflink",
    );
  });

  it("gives the reason it could not make the image as root", () => {
    const placed = placeDemoSan(data, san, { ...ROOT, mkfsXfs: false });
    expect(describeDemoSanMode(placed, ext4)).toBe(
      "the demo SAN is on plain files of ext4, so its sets use scan mode: mkfs.xfs is missing (apt-get install xfsprogs)",
    );
  });

  it("says instant mode where the plain files' file system shares blocks already", () => {
    const placed = placeDemoSan(data, san, NOT_ROOT);
    const btrfs: VolumeSharing = { filesystem: "btrfs", fsId: "2", mechanism: "btrfs-reflink", reason: null };
    expect(describeDemoSanMode(placed, btrfs)).toBe("on btrfs (plain files): its sets use instant mode");
  });
});
