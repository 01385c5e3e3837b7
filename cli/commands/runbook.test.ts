import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runbookSpecSchema } from "@/lib/runbook-spec";
import { readRunbookFile } from "./runbook";

describe("pitcrew runbook apply FILE", () => {
  it("reads the shipped demo runbook as a valid spec", async () => {
    const spec = runbookSpecSchema.parse(await readRunbookFile(path.resolve(import.meta.dirname, "../../examples/lan-free-demo.yaml")));
    expect(spec).toMatchObject({ name: "lan-free-demo", group: "Backup1", productionHost: "prod", backupHost: "backup", snapshotDiskGroup: "backup" });
    expect(spec.sets.map((s) => s.shadow)).toEqual(["backup/vol01", "backup/vol02", "backup/vol03", "backup/vol04", "backup/vol05"]);
  });

  it("reads JSON by extension and names a file that is not a mapping or not parseable", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "runbook-file-"));
    await writeFile(path.join(dir, "a.json"), '{"name":"x"}');
    await writeFile(path.join(dir, "b.yaml"), "- just\n- a list\n");
    await writeFile(path.join(dir, "c.yaml"), "name: [unclosed\n");
    expect(await readRunbookFile(path.join(dir, "a.json"))).toEqual({ name: "x" });
    await expect(readRunbookFile(path.join(dir, "b.yaml"))).rejects.toThrow(`${path.join(dir, "b.yaml")}: a runbook is a mapping`);
    await expect(readRunbookFile(path.join(dir, "c.yaml"))).rejects.toThrow(`${path.join(dir, "c.yaml")} is not valid YAML`);
    await expect(readRunbookFile(path.join(dir, "missing.yaml"))).rejects.toThrow("cannot read");
  });
});
