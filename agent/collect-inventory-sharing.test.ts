// The inventory says, for each data volume, whether its file system shares blocks, on real file
// systems (test/support/sharing-file-systems.ts: root and loop devices): XFS with reflink and btrfs do,
// XFS made without reflink and ext4 do not, each with the reason an operator reads in the console.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigStore } from "@/engine/config-store";
import { createDiskGroup } from "@/engine/disk-group";
import { createBitmapVolume, createVolume } from "@/engine/disk-group-volumes";
import { inProcessLauncher } from "@/engine/run-set-copies";
import { type SharingKind, sharingFileSystem } from "@/test/support/sharing-file-systems";
import { collectInventory } from "./collect-inventory";

const expected: Record<SharingKind, { filesystem: string; mechanism: string | null; reason: RegExp | null }> = {
  xfs: { filesystem: "xfs", mechanism: "xfs-reflink", reason: null },
  btrfs: { filesystem: "btrfs", mechanism: "btrfs-reflink", reason: null },
  "xfs-noreflink": { filesystem: "xfs", mechanism: null, reason: /made without reflink/ },
  ext4: { filesystem: "ext4", mechanism: null, reason: /its file system \(ext4\) cannot share blocks/ },
};

for (const kind of Object.keys(expected) as SharingKind[]) {
  describe(`collectInventory on ${kind}`, () => {
    const fs = sharingFileSystem(kind, 320);

    it("reports each data volume's file system and whether it shares blocks, and nothing for bitmaps", async () => {
      const root = path.join(fs.dir(), "san");
      const stateDir = path.join(fs.scratch(), "state");
      await mkdir(root);
      const { dir } = await createDiskGroup(root, "dg1", "host-a");
      await createVolume(dir, "master", 1 << 20, { host: "host-a" });
      await createBitmapVolume(dir, "master.bmp", 1 << 20, { host: "host-a" });
      const config = new ConfigStore(stateDir);
      const engine = {
        stateDir,
        config,
        launcher: inProcessLauncher(stateDir, config),
        hostName: "host-a",
        warn: () => {},
      };

      const inv = await collectInventory({ engine, roots: [root], hooks: [], archiveRoots: [] });
      const volumes = Object.fromEntries(inv.diskGroups[0]!.volumes.map((v) => [v.name, v]));
      const { filesystem, mechanism, reason } = expected[kind];
      expect(volumes.master!.sharing).toMatchObject({ filesystem, mechanism, fsId: expect.stringMatching(/^\d+$/) });
      if (reason) expect(volumes.master!.sharing!.reason).toMatch(reason);
      else expect(volumes.master!.sharing!.reason).toBeNull();
      expect(volumes["master.bmp"]!.sharing).toBeUndefined();
    });
  });
}
