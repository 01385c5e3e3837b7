import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runbookSpecSchema } from "@/lib/runbook-spec";
import type { RunDetail } from "@/server/runbooks/run-select";
import { formatRunStatus, readRunbookFile } from "./runbook";

describe("pitcrew runbook apply FILE", () => {
  it("reads the shipped demo runbook as a valid spec", async () => {
    const spec = runbookSpecSchema.parse(
      await readRunbookFile(path.resolve(import.meta.dirname, "../../examples/lan-free-demo.yaml")),
    );
    expect(spec).toMatchObject({
      name: "lan-free-demo",
      group: "Backup1",
      productionHost: "prod",
      backupHost: "backup",
      snapshotDiskGroup: "backup",
    });
    expect(spec.sets.map((s) => s.shadow)).toEqual([
      "backup/vol01",
      "backup/vol02",
      "backup/vol03",
      "backup/vol04",
      "backup/vol05",
    ]);
  });

  it("reads JSON by extension and names a file that is not a mapping or not parseable", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "runbook-file-"));
    await writeFile(path.join(dir, "a.json"), '{"name":"x"}');
    await writeFile(path.join(dir, "b.yaml"), "- just\n- a list\n");
    await writeFile(path.join(dir, "c.yaml"), "name: [unclosed\n");
    expect(await readRunbookFile(path.join(dir, "a.json"))).toEqual({ name: "x" });
    await expect(readRunbookFile(path.join(dir, "b.yaml"))).rejects.toThrow(
      `${path.join(dir, "b.yaml")}: a runbook is a mapping`,
    );
    await expect(readRunbookFile(path.join(dir, "c.yaml"))).rejects.toThrow(
      `${path.join(dir, "c.yaml")} is not valid YAML`,
    );
    await expect(readRunbookFile(path.join(dir, "missing.yaml"))).rejects.toThrow("cannot read");
  });
});

describe("pitcrew runbook status RUN", () => {
  const run = (over: Partial<RunDetail>): RunDetail => ({
    id: "r1",
    runbookId: "b1",
    runbookName: "nightly",
    state: "succeeded",
    trigger: "manual",
    scheduledFor: null,
    requestedBy: "admin",
    stepKey: "rejoin",
    archiveLabel: "nightly-1",
    pointInTime: "2026-12-07T13:00:00.000Z",
    frozenSince: null,
    frozenMs: 1_400,
    copyMs: 41_000,
    warnings: [],
    backupWrites: null,
    approvedAt: null,
    approvedBy: null,
    cancelRequestedAt: null,
    rejoinRequestedAt: null,
    rejoinForced: false,
    rejoinedAt: null,
    error: null,
    createdAt: "2026-12-07T12:59:00.000Z",
    finishedAt: "2026-12-07T13:02:00.000Z",
    durationMs: 180_000,
    spec: runbookSpecSchema.parse({
      name: "nightly",
      group: "G",
      productionHost: "p",
      backupHost: "b",
      snapshotDiskGroup: "d",
      backup: { kind: "archive", targetDir: "x" },
    }),
    sets: [],
    steps: [],
    custody: [],
    archives: [],
    ...over,
  });

  it("shows the freeze and the copy apart, and each warning", () => {
    expect(formatRunStatus(run({})).split("\n")[2]).toBe(
      "  point in time 2026-12-07T13:00:00.000Z; application frozen 1.4 s; copy 41.0 s",
    );
    const scan = formatRunStatus(
      run({
        copyMs: null,
        warnings: ["set /s/v1 is in scan mode (ext4): the application stays frozen for a full read of its master"],
      }),
    ).split("\n");
    expect(scan.slice(2, 4)).toEqual([
      "  point in time 2026-12-07T13:00:00.000Z; application frozen 1.4 s; copy not done yet",
      "  warning: set /s/v1 is in scan mode (ext4): the application stays frozen for a full read of its master",
    ]);
  });
});
