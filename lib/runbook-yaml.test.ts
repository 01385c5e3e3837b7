import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { runbookSpecSchema } from "./runbook-spec";
import { runbookSpecYaml } from "./runbook-yaml";

const spec = runbookSpecSchema.parse({
  name: "nightly",
  group: "Backup1",
  productionHost: "prod",
  backupHost: "backup",
  snapshotDiskGroup: "backup",
  quiesceHook: "freeze",
  resumeHook: "thaw",
  backup: { kind: "archive", targetDir: "nightly" },
  schedule: "0 2 * * *",
  keepArchives: 3,
  sets: [{ master: "production/vol01", shadow: "backup/vol01", bitmap: "production/vol01.bmp" }],
});

describe("runbookSpecYaml", () => {
  it("parses back to the same spec", () => {
    expect(runbookSpecSchema.parse(parse(runbookSpecYaml(spec)))).toEqual(spec);
  });

  it("keeps the spec's key order and puts each set on one line", () => {
    const text = runbookSpecYaml(spec);
    expect(text.split("\n")[0]).toBe("name: nightly");
    expect(text).toContain("  - { master: production/vol01, shadow: backup/vol01, bitmap: production/vol01.bmp }");
    expect(text).toContain("schedule: 0 2 * * *");
    expect(text).toContain("quiesceHook: freeze");
  });
});
