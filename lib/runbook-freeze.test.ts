import { describe, expect, it } from "vitest";
import { seedInventory } from "@/test/support/seed-inventory";
import {
  decideOnPointInTime,
  describePointInTime,
  isInstantPointInTime,
  mergeSetWarnings,
  runbookSetModes,
  scanModeWarnings,
  UNREPORTED_MODE_REASON,
} from "./runbook-freeze";

const plans = ["vol01", "vol02", "vol03"].map((v) => ({
  shadow: `/san/backup/${v}`,
  shadowRef: `backup/${v}`,
  master: `/san/production/${v}`,
}));

function production() {
  const inv = seedInventory({ vols: 3, enabled: 3 });
  inv.sets[0]!.consistency = { mode: "instant", mechanism: "xfs-reflink", reason: null, requested: "auto" };
  inv.sets[1]!.consistency = {
    mode: "scan",
    mechanism: null,
    reason: "master /san/production/vol02: ext4 cannot share blocks",
    requested: "auto",
  };
  delete inv.sets[2]!.consistency; // an agent older than consistency modes
  return inv;
}

describe("runbookSetModes", () => {
  it("reads each set's mode from the production inventory: instant, scan with its reason, scan for an agent that reports none, unknown before enable", () => {
    const inv = production();
    inv.sets.pop();
    const modes = runbookSetModes(plans, inv);
    expect(modes.map((m) => [m.set, m.mode, m.mechanism, m.reason])).toEqual([
      ["/san/backup/vol01", "instant", "xfs-reflink", null],
      ["/san/backup/vol02", "scan", null, "master /san/production/vol02: ext4 cannot share blocks"],
      ["/san/backup/vol03", null, null, null],
    ]);
    expect(runbookSetModes(plans.slice(2), production())[0]).toMatchObject({
      mode: "scan",
      reason: UNREPORTED_MODE_REASON,
    });
  });

  it("warns about each scan-mode set, in words that say the application stays frozen for a full read (or is not quiesced at all)", () => {
    const warnings = scanModeWarnings(runbookSetModes(plans, production()), true);
    expect(warnings).toEqual([
      {
        set: "/san/backup/vol02",
        warning:
          "set /san/backup/vol02 is in scan mode (master /san/production/vol02: ext4 cannot share blocks): the application stays frozen for a full read of its master",
      },
      {
        set: "/san/backup/vol03",
        warning: `set /san/backup/vol03 is in scan mode (${UNREPORTED_MODE_REASON}): the application stays frozen for a full read of its master`,
      },
    ]);
    expect(scanModeWarnings(runbookSetModes(plans, production()), false)[0]!.warning).toMatch(
      /without a quiesce hook its copy is a point in time only if the application does not write during it$/,
    );
  });

  it("keeps one warning per set, the first one", () => {
    const first = mergeSetWarnings([], [{ set: "/a", warning: "set /a is in scan mode (x): …" }]);
    expect(
      mergeSetWarnings(first, [
        { set: "/a", warning: "set /a is in scan mode (y): …" },
        { set: "/ab", warning: "set /ab is in scan mode (z): …" },
      ]),
    ).toEqual(["set /a is in scan mode (x): …", "set /ab is in scan mode (z): …"]);
  });
});

describe("decideOnPointInTime", () => {
  const modes = runbookSetModes(plans, production());

  it("resumes at once when every set of the report was cloned", () => {
    const report = {
      at: 1_000,
      sets: [
        { set: "/san/backup/vol01", mode: "instant" as const, cloneMs: 3 },
        { set: "backup/vol02", mode: "instant" as const, cloneMs: 9 },
      ],
    };
    expect(decideOnPointInTime(report, modes, true)).toEqual({ resumeNow: true, scanSets: [] });
    expect(isInstantPointInTime(report)).toBe(true);
    expect(describePointInTime(report)).toBe("2 set(s) cloned in 9 ms at most");
  });

  it("keeps the application quiesced when any set scans, naming the set (by its shadow) and the inventory's reason", () => {
    const report = {
      at: 1_000,
      sets: [
        { set: "/san/backup/vol01", mode: "instant" as const, cloneMs: 3 },
        { set: "backup/vol02", mode: "scan" as const, cloneMs: null },
      ],
    };
    const decision = decideOnPointInTime(report, modes, true);
    expect(decision.resumeNow).toBe(false);
    expect(decision.scanSets).toEqual([
      {
        set: "/san/backup/vol02",
        warning:
          "set /san/backup/vol02 is in scan mode (master /san/production/vol02: ext4 cannot share blocks): the application stays frozen for a full read of its master",
      },
    ]);
    expect(isInstantPointInTime(report)).toBe(false);
    expect(describePointInTime(report)).toBe("1 set(s) cloned in 3 ms at most, 1 set(s) in scan mode");
  });

  it("says why when the inventory shows the set instant but this update scanned it, and resumes nothing on an empty report", () => {
    const report = { at: 1_000, sets: [{ set: "/san/backup/vol01", mode: "scan" as const, cloneMs: null }] };
    expect(decideOnPointInTime(report, modes, true).scanSets[0]!.warning).toBe(
      "set /san/backup/vol01 is in scan mode (this update could not clone its master): the application stays frozen for a full read of its master",
    );
    expect(decideOnPointInTime({ at: 1, sets: [] }, modes, true)).toEqual({ resumeNow: false, scanSets: [] });
    expect(isInstantPointInTime({ at: 1, sets: [] })).toBe(false);
    expect(isInstantPointInTime(null)).toBe(false);
  });
});
