import { describe, expect, it } from "vitest";
import { toRunRow, toRunStepRow } from "@/server/runbooks/run-select";
import { testSets, testSpec } from "@/test/support/run-test-fixtures";

const storedRun = (over: Record<string, unknown> = {}) => ({
  id: "run1",
  runbookId: null,
  specJson: JSON.stringify(testSpec()),
  setsJson: JSON.stringify(testSets),
  state: "running",
  stepKey: "update",
  archiveLabel: "nightly-1",
  pointInTime: null,
  frozenSince: null,
  thawJobId: null,
  frozenMs: 0,
  resumeJobId: null,
  warningsJson: '["w1"]',
  backupWrites: null,
  approvedAt: null,
  cancelRequestedAt: null,
  errorMessage: null,
  rejoinRequestedAt: null,
  rejoinForced: false,
  version: 3,
  ...over,
});

const storedStep = (over: Record<string, unknown> = {}) => ({
  id: "step1",
  runId: "run1",
  key: "export",
  attempt: 2,
  hostName: "prod",
  state: "running",
  cursor: 1,
  actionsJson: JSON.stringify([
    {
      host: "prod",
      kind: "set.export",
      args: { target: { kind: "sets", sets: ["/san/backup/vol01"] } },
      label: "export 1 shadow(s)",
    },
  ]),
  jobIdsJson: '["job1"]',
  logJson: JSON.stringify([{ at: "2026-01-01T00:00:00.000Z", message: "planned 1 job(s)" }]),
  startedAt: new Date(0),
  finishedAt: null,
  errorMessage: null,
  ...over,
});

describe("toRunRow and toRunStepRow: the JSON columns parsed once, typed", () => {
  it("gives the driver the spec, the sets, the warnings, the actions, the job ids and the log", () => {
    const run = toRunRow(storedRun());
    expect(run).toMatchObject({ id: "run1", state: "running", sets: testSets, warnings: ["w1"], version: 3 });
    expect(run.spec.snapshotDiskGroup).toBe("snap");
    expect(run).not.toHaveProperty("setsJson");
    const step = toRunStepRow(storedStep());
    expect(step).toMatchObject({
      state: "running",
      jobIds: ["job1"],
      jobIdsJson: '["job1"]',
      log: [{ message: "planned 1 job(s)" }],
    });
    expect(step.actions[0]?.kind).toBe("set.export");
  });

  it("names the column and the run when a stored value is not what was written", () => {
    expect(() => toRunRow(storedRun({ setsJson: '[{"master":"/m"}]' }))).toThrow(
      /^run run1: stored setsJson is not valid: 0\.shadow: /,
    );
    expect(() => toRunRow(storedRun({ warningsJson: "{oops" }))).toThrow(
      /^run run1: stored warningsJson is not JSON: /,
    );
    expect(() => toRunRow(storedRun({ specJson: "{}" }))).toThrow(/^run run1: stored spec is not valid: /);
    expect(() => toRunRow(storedRun({ state: "paused" }))).toThrow(
      'run run1: stored state "paused" is not a run state',
    );
    expect(() =>
      toRunStepRow(storedStep({ actionsJson: '[{"host":"prod","kind":"rm -rf","args":{},"label":"x"}]' })),
    ).toThrow(/^run run1 step export \(attempt 2\): stored actionsJson is not valid: 0\.kind: /);
    expect(() => toRunStepRow(storedStep({ jobIdsJson: "[1]" }))).toThrow(
      /^run run1 step export \(attempt 2\): stored jobIdsJson is not valid/,
    );
    expect(() => toRunStepRow(storedStep({ logJson: "null" }))).toThrow(/stored logJson is not valid/);
  });
});
