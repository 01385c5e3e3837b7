import { describe, expect, it } from "vitest";
import { seedInventory } from "@/test/support/seed-inventory";
import { checkRunbookPlacement } from "./runbook-placement";

const spec = { group: "Backup1", productionHost: "prod", snapshotDiskGroup: "backup", sets: [] };
const listed = (v: string) => ({ master: `production/${v}`, shadow: `backup/${v}`, bitmap: `production/${v}.bmp` });

describe("runbook placement check", () => {
  it("plans the group's sets with their secondary bitmaps when the snapshot disk group holds only those", () => {
    const r = checkRunbookPlacement(spec, seedInventory({ enabled: 2 }));
    expect(r.problems).toEqual([]);
    expect(r.holder).toBe("prod");
    expect(r.sets).toEqual([
      {
        master: "/san/production/vol01",
        shadow: "/san/backup/vol01",
        bitmap: "/san/production/vol01.bmp",
        shadowRef: "backup/vol01",
        secondaryBitmapRef: "backup/vol01.bmp",
        enabled: true,
      },
      {
        master: "/san/production/vol02",
        shadow: "/san/backup/vol02",
        bitmap: "/san/production/vol02.bmp",
        shadowRef: "backup/vol02",
        secondaryBitmapRef: "backup/vol02.bmp",
        enabled: true,
      },
    ]);
  });

  it("plans listed sets that are not enabled yet, and keeps enabled ones as they are", () => {
    const r = checkRunbookPlacement(
      { ...spec, sets: [listed("vol01"), listed("vol02")] },
      seedInventory({ enabled: 1 }),
    );
    expect(r.problems).toEqual([]);
    expect(r.sets.map((s) => [s.shadowRef, s.enabled])).toEqual([
      ["backup/vol01", true],
      ["backup/vol02", false],
    ]);
  });

  it("refuses anything else in the snapshot disk group, naming the volume", () => {
    const r = checkRunbookPlacement(spec, seedInventory({ enabled: 2, extra: ["scratch"] }));
    expect(r.problems).toEqual([
      "snapshotDiskGroup: backup/scratch is neither a shadow of group Backup1 nor its secondary bitmap; backup travels to the backup host whole, so it must hold nothing else",
    ]);
  });

  it("refuses a shadow outside the snapshot disk group and a master inside it", () => {
    const r = checkRunbookPlacement(
      { ...spec, sets: [{ master: "backup/vol02", shadow: "production/vol02", bitmap: "production/vol02.bmp" }] },
      seedInventory({ enabled: 1 }),
    );
    expect(r.problems).toContain(
      "sets.0: shadow /san/production/vol02 is not in snapshot disk group backup; only what is in backup reaches the backup host",
    );
  });

  it("refuses a secondary bitmap too small for its master", () => {
    const r = checkRunbookPlacement(spec, seedInventory({ enabled: 1, vols: 1, smallBitmap: true }));
    expect(r.problems).toEqual([
      "set /san/backup/vol01: secondary bitmap backup/vol01.bmp is 4096 bytes; master /san/production/vol01 needs at least 24576",
    ]);
  });

  it("says when the group has nothing to back up, and when the disk group is not there", () => {
    expect(checkRunbookPlacement(spec, seedInventory({ enabled: 0, vols: 0 })).problems).toEqual([
      "group: I/O group Backup1 has no sets on host prod, and the runbook lists none to enable (sets)",
    ]);
    expect(checkRunbookPlacement({ ...spec, snapshotDiskGroup: "snaps" }, seedInventory()).problems).toEqual([
      "snapshotDiskGroup: disk group snaps is not seen by host prod (it sees: production, backup)",
    ]);
  });

  it("refuses a shadow left exported by an earlier run", () => {
    const inv = seedInventory({ enabled: 1, vols: 1 });
    inv.sets[0]!.flags |= 0x40000;
    expect(checkRunbookPlacement(spec, inv).problems[0]).toBe(
      "group: set /san/backup/vol01 of Backup1 is exported; an earlier run did not rejoin it " +
        '(resume that run if it failed; if it was cancelled, bring its shadows home: "Bring shadows home" on the run\'s page, or pitcrew runbook rejoin RUN; ' +
        "by hand, with backup imported on prod: pitcrew iiadm -H prod -J /san/backup/vol01 backup/vol01.bmp)",
    );
  });
});
