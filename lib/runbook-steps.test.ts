import { describe, expect, it } from "vitest";
import { seedInventory } from "@/test/support/seed-inventory";
import { checkRunbookPlacement } from "./runbook-placement";
import { runbookSpecSchema } from "./runbook-spec";
import {
  planRunbookStep,
  resumeStepKey,
  runLeftProduction,
  runbookStepSequence,
  type StepPlanContext,
} from "./runbook-steps";
import { DSW_SHDEXPORT, DSW_SHDIMPORT } from "./dsw-flags";

const spec = runbookSpecSchema.parse({
  name: "nightly",
  group: "Backup1",
  productionHost: "prod",
  backupHost: "backup",
  snapshotDiskGroup: "backup",
  quiesceHook: "freeze",
  resumeHook: "thaw",
  freezeBudgetSeconds: 30,
  backup: { kind: "archive", targetDir: "nightly" },
  keepArchives: 2,
});

function context(over: Partial<StepPlanContext> = {}): StepPlanContext {
  const production = seedInventory({ enabled: 2 });
  return {
    spec,
    sets: checkRunbookPlacement(spec, production).sets,
    production,
    backup: seedInventory({ enabled: 0 }),
    archiveLabel: "nightly-20261202T020000Z",
    pointInTime: "2026-12-02T02:00:03.000Z",
    expiredArchives: [],
    ...over,
  };
}
const kinds = (actions: { host: string; kind: string }[]) => actions.map((a) => `${a.host} ${a.kind}`);

describe("runbook steps", () => {
  it("follows docs/architecture.md §5, without the freeze steps when there are no hooks and without resync when not asked", () => {
    expect(runbookStepSequence(spec)).toEqual([
      "prepare",
      "quiesce",
      "update",
      "resume",
      "export",
      "import",
      "backup",
      "release",
      "rejoin",
      "resync",
    ]);
    expect(runbookStepSequence({ quiesceHook: null, resyncAfterJoin: false })).toEqual([
      "prepare",
      "update",
      "export",
      "import",
      "backup",
      "release",
      "rejoin",
    ]);
  });

  it("resumes a failure inside the freeze window from the quiesce, any other from the failed step", () => {
    const seq = runbookStepSequence(spec);
    expect(resumeStepKey(seq, "update")).toBe("quiesce");
    expect(resumeStepKey(seq, "resume")).toBe("quiesce");
    expect(resumeStepKey(seq, "import")).toBe("import");
  });

  it("quiesces with the runbook's budget and its resume hook, and updates the group to the shadows", () => {
    const c = context();
    expect(planRunbookStep("quiesce", c)).toEqual([
      {
        host: "prod",
        kind: "hook.run",
        args: { hook: "freeze", purpose: "quiesce", resumeHook: "thaw", freezeBudgetSeconds: 30 },
        label: "quiesce (hook freeze)",
      },
    ]);
    expect(planRunbookStep("update", c)[0]!.args).toEqual({
      target: { kind: "group", group: "Backup1" },
      direction: "s",
      full: false,
    });
    expect(kinds(planRunbookStep("resync", c))).toEqual(["prod hook.run", "prod set.copy", "prod hook.run"]);
  });

  it("exports, takes the shadows out of sv, stops and deports on the production host", () => {
    const production = seedInventory({ enabled: 2 });
    production.svVolumes = ["/san/backup/vol01"];
    const actions = planRunbookStep("export", context({ production }));
    expect(kinds(actions)).toEqual(["prod set.export", "prod sv.disable", "prod dg.stopall", "prod dg.deport"]);
    expect(actions[0]!.args).toEqual({ target: { kind: "sets", sets: ["/san/backup/vol01", "/san/backup/vol02"] } });
    expect(actions[1]!.args).toEqual({ volumes: ["/san/backup/vol01"] });
  });

  it("plans only what is still missing when a step runs again", () => {
    const production = seedInventory({ enabled: 2, owner: "" });
    production.sets.forEach((s) => {
      s.flags |= DSW_SHDEXPORT;
    });
    production.diskGroups[1]!.owner = null;
    production.diskGroups[1]!.volumesStarted = false;
    expect(planRunbookStep("export", context({ production }))).toEqual([]);

    const backup = seedInventory({ enabled: 0, owner: "backup" });
    backup.sets = production.sets.slice(0, 1).map((s) => ({ ...s, flags: DSW_SHDIMPORT }));
    expect(kinds(planRunbookStep("import", context({ backup })))).toEqual([
      "backup dg.startall",
      "backup set.import",
      "backup sv.enable",
    ]);
  });

  it("imports again a shadow the backup host still holds imported from an earlier export, and keeps one of this export", () => {
    const production = seedInventory({ enabled: 2, owner: "" });
    production.sets.forEach((s, i) => {
      s.flags |= DSW_SHDEXPORT;
      s.exportId = `export-now-${i}`;
    });
    const backup = seedInventory({ enabled: 0, owner: "backup" });
    // vol01 was imported in this run (a resumed step); vol02 by a run brought home without this host.
    backup.sets = production.sets.map((s, i) => ({
      ...s,
      flags: DSW_SHDIMPORT,
      exportId: i === 0 ? "export-now-0" : "export-before",
    }));
    const actions = planRunbookStep("import", context({ production, backup }));
    expect(kinds(actions)).toEqual(["backup dg.startall", "backup set.import", "backup sv.enable"]);
    expect(actions[1]).toMatchObject({
      args: { shadow: "backup/vol02", bitmap: "backup/vol02.bmp" },
      label: "import shadow backup/vol02 with backup/vol02.bmp (iiadm -I), replacing its import of an earlier export",
    });
    // Without export ids on both sides (an older agent), an import is never assumed stale.
    backup.sets.forEach((s) => {
      s.exportId = "";
    });
    expect(kinds(planRunbookStep("import", context({ production, backup })))).toEqual([
      "backup dg.startall",
      "backup sv.enable",
    ]);
  });

  it("imports the disk group and each shadow with its secondary bitmap on the backup host", () => {
    const actions = planRunbookStep("import", context());
    expect(kinds(actions)).toEqual([
      "backup dg.import",
      "backup dg.startall",
      "backup set.import",
      "backup set.import",
      "backup sv.enable",
    ]);
    expect(actions[2]!.args).toEqual({ shadow: "backup/vol01", bitmap: "backup/vol01.bmp" });
  });

  it("archives the shadows with the run's label and point in time, then deletes expired archives", () => {
    const actions = planRunbookStep(
      "backup",
      context({ expiredArchives: [{ targetDir: "nightly", label: "nightly-old" }] }),
    );
    expect(actions.map((a) => [a.kind, a.args])).toEqual([
      [
        "archive.create",
        {
          volumes: ["backup/vol01", "backup/vol02"],
          targetDir: "nightly",
          label: "nightly-20261202T020000Z",
          pointInTime: "2026-12-02T02:00:03.000Z",
        },
      ],
      ["archive.delete", { targetDir: "nightly", label: "nightly-old" }],
    ]);
  });

  it("writes the shadows to a tape drive as one archive with the run's label, deleting nothing", () => {
    const tape = { ...spec, backup: { kind: "tape" as const, device: "/dev/st0" }, keepArchives: null };
    const actions = planRunbookStep("backup", context({ spec: tape }));
    expect(actions.map((a) => [a.host, a.kind, a.args])).toEqual([
      [
        "backup",
        "archive.tape",
        {
          volumes: ["backup/vol01", "backup/vol02"],
          device: "/dev/st0",
          label: "nightly-20261202T020000Z",
          pointInTime: "2026-12-02T02:00:03.000Z",
        },
      ],
    ]);
  });

  it("releases on the backup host and joins back on the production host", () => {
    const backup = seedInventory({ enabled: 0, owner: "backup" });
    backup.sets = seedInventory({ enabled: 2 }).sets.map((s) => ({ ...s, flags: DSW_SHDIMPORT }));
    backup.svVolumes = ["/san/backup/vol01", "/san/backup/vol02"];
    expect(kinds(planRunbookStep("release", context({ backup })))).toEqual([
      "backup set.disable",
      "backup sv.disable",
      "backup dg.stopall",
      "backup dg.deport",
    ]);

    const production = seedInventory({ enabled: 2, owner: "backup" });
    production.sets.forEach((s) => {
      s.flags |= DSW_SHDEXPORT;
    });
    const rejoin = planRunbookStep("rejoin", context({ production }));
    expect(kinds(rejoin)).toEqual([
      "prod dg.import",
      "prod dg.startall",
      "prod set.join",
      "prod set.join",
      "prod sv.enable",
    ]);
    // Forced, so a bitmap the backup host never disabled means a rescan, not a stranded shadow.
    expect(rejoin[2]!.args).toEqual({ shadow: "backup/vol01", bitmap: "backup/vol01.bmp", force: true });
    expect(rejoin[2]!.label).toBe("join shadow backup/vol01 with backup/vol01.bmp (iiadm -n -J)");
  });

  it("without the backup host, clears its lock on the disk group and joins each shadow forced", () => {
    const production = seedInventory({ enabled: 2, owner: "backup" });
    production.sets.forEach((s) => {
      s.flags |= DSW_SHDEXPORT;
    });
    const rejoin = planRunbookStep("rejoin", context({ production, withoutBackupHost: true }));
    expect(kinds(rejoin)).toEqual([
      "prod dg.import",
      "prod dg.startall",
      "prod set.join",
      "prod set.join",
      "prod sv.enable",
    ]);
    expect(rejoin[0]!).toMatchObject({
      args: { diskGroup: "backup", clearLock: true },
      label: "import disk group backup, clearing host backup's lock (vxdg import -C)",
    });
    expect(rejoin[2]!.args).toEqual({ shadow: "backup/vol01", bitmap: "backup/vol01.bmp", force: true });
    expect(rejoin[2]!.label).toContain("without backup's record (iiadm -n -J; the next update scans it)");
    // A disk group the backup host deported before it went: a plain import, no lock to clear.
    production.diskGroups[1]!.owner = null;
    expect(planRunbookStep("rejoin", context({ production, withoutBackupHost: true }))[0]!.args).toEqual({
      diskGroup: "backup",
    });
  });

  it("knows which runs may have left their shadows away from the production host", () => {
    expect(runLeftProduction(["prepare", "quiesce", "update", "resume"])).toBe(false);
    expect(runLeftProduction([])).toBe(false);
    expect(runLeftProduction(["update", "export"])).toBe(true);
    expect(runLeftProduction(["update", "export", "import", "backup"])).toBe(true);
    expect(runLeftProduction(["release", "rejoin"])).toBe(true);
  });
});
