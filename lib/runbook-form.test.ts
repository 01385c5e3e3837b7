import { describe, expect, it } from "vitest";
import { checkRunbookForm, emptyRunbookForm, type RunbookFormValues, runbookFormFromSpec } from "./runbook-form";
import { runbookSpecSchema } from "./runbook-spec";

const filled: RunbookFormValues = {
  ...emptyRunbookForm,
  name: "nightly",
  group: "Backup1",
  productionHost: "prod",
  backupHost: "backup",
  snapshotDiskGroup: "backup",
  quiesceHook: "freeze",
  resumeHook: "thaw",
  targetDir: "nightly",
  keepArchives: "3",
  sets: [{ master: "production/vol01", shadow: "backup/vol01", bitmap: "production/vol01.bmp", secondaryBitmap: "" }],
};

describe("checkRunbookForm", () => {
  it("turns a filled form into the spec the console applies", () => {
    const check = checkRunbookForm(filled);
    expect(check.errors).toEqual({});
    expect(check.spec).toMatchObject({
      name: "nightly",
      freezeBudgetSeconds: 60,
      keepArchives: 3,
      schedule: null,
      quiesceHook: "freeze",
      backup: { kind: "archive", targetDir: "nightly" },
      sets: [{ master: "production/vol01", shadow: "backup/vol01", bitmap: "production/vol01.bmp" }],
    });
    expect(check.spec?.sets[0]).not.toHaveProperty("secondaryBitmap");
  });

  it("names every wrong field by its path", () => {
    const check = checkRunbookForm({
      ...filled,
      name: "",
      resumeHook: "",
      freezeBudgetSeconds: "soon",
      schedule: "every night",
      sets: [{ ...filled.sets[0]!, master: "vol01" }],
    });
    expect(check.spec).toBeNull();
    expect(Object.keys(check.errors).sort()).toEqual(["freezeBudgetSeconds", "name", "schedule", "sets.0.master"]);
    expect(check.errors.freezeBudgetSeconds).toEqual(["must be a number"]);
    expect(check.errors.schedule?.[0]).toMatch(/^not a cron expression/);
    // Rules across fields run once the fields themselves parse.
    expect(checkRunbookForm({ ...filled, resumeHook: "" }).errors.resumeHook?.[0]).toMatch(/go together/);
    expect(checkRunbookForm({ ...filled, backupHost: "prod" }).errors.backupHost?.[0]).toMatch(
      /must differ from productionHost/,
    );
  });

  it("names a missing backup hook, and leaves keepArchives (archive only) out of a hook backup", () => {
    const check = checkRunbookForm({ ...filled, backupKind: "hook", backupHook: "" });
    expect(Object.keys(check.errors)).toEqual(["backup.hook"]);
    const hook = checkRunbookForm({ ...filled, backupKind: "hook", backupHook: "to-tape" });
    expect(hook.spec).toMatchObject({ backup: { kind: "hook", hook: "to-tape" }, keepArchives: null });
  });

  it("makes a tape backup from the device field, naming it when empty", () => {
    expect(Object.keys(checkRunbookForm({ ...filled, backupKind: "tape", tapeDevice: "" }).errors)).toEqual([
      "backup.device",
    ]);
    const tape = checkRunbookForm({ ...filled, backupKind: "tape", tapeDevice: "/dev/st0", keepArchives: "3" });
    expect(tape.spec).toMatchObject({ backup: { kind: "tape", device: "/dev/st0" }, keepArchives: null });
  });

  it("round-trips a stored spec through the form", () => {
    const spec = runbookSpecSchema.parse({
      name: "rt",
      group: "G",
      productionHost: "a",
      backupHost: "b",
      snapshotDiskGroup: "snap",
      backup: { kind: "hook", hook: "tape" },
      schedule: "0 2 * * *",
      approveRejoin: true,
      resyncAfterJoin: false,
      sets: [{ master: "p/m", shadow: "snap/s", bitmap: "p/m.bmp", secondaryBitmap: "snap/s.sbmp" }],
    });
    expect(checkRunbookForm(runbookFormFromSpec(spec)).spec).toEqual(spec);
  });
});
