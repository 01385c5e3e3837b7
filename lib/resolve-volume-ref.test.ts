import { describe, expect, it } from "vitest";
import { resolveVolumeRef } from "./resolve-volume-ref";

const inventory = {
  roots: ["/san", "/dev/mapper"],
  diskGroups: [
    {
      name: "production",
      dir: "/san/production",
      owner: "prod",
      importGeneration: 1,
      volumesStarted: true,
      damaged: null,
      volumes: [
        {
          name: "vol01",
          path: "/san/production/vol01",
          kind: "file" as const,
          sizeBytes: 1,
          role: "data" as const,
          usedBy: null,
        },
      ],
    },
  ],
};

describe("resolveVolumeRef", () => {
  it("turns dg/vol into the volume's path from the inventory", () => {
    expect(resolveVolumeRef(inventory, "production/vol01")).toEqual({ ok: true, path: "/san/production/vol01" });
  });

  it("names the missing disk group and lists the known ones", () => {
    expect(resolveVolumeRef(inventory, "backup/vol01")).toEqual({
      ok: false,
      reason: "disk group backup not found (disk groups: production)",
    });
  });

  it("names the missing volume and its disk group", () => {
    expect(resolveVolumeRef(inventory, "production/vol09")).toEqual({
      ok: false,
      reason: "no volume vol09 in disk group production",
    });
  });

  it("normalises an absolute path under a root, so two spellings lock one key", () => {
    expect(resolveVolumeRef(inventory, "/san//production/./vol01")).toEqual({
      ok: true,
      path: "/san/production/vol01",
    });
  });

  it("refuses paths outside the roots, and '..' anywhere", () => {
    expect(resolveVolumeRef(inventory, "/etc/passwd")).toEqual({
      ok: false,
      reason: "outside the disk-group roots (/san, /dev/mapper)",
    });
    expect(resolveVolumeRef(inventory, "/sanity/x")).toMatchObject({ ok: false });
    expect(resolveVolumeRef(inventory, "/san/../etc/passwd")).toEqual({ ok: false, reason: "contains '..'" });
  });

  it("refuses operands that are neither dg/vol nor absolute", () => {
    expect(resolveVolumeRef(inventory, "vol01")).toMatchObject({
      ok: false,
      reason: "must be dg/vol or an absolute path",
    });
    expect(resolveVolumeRef(inventory, "a/b/c")).toMatchObject({ ok: false });
  });
});
