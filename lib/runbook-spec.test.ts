import { describe, expect, it } from "vitest";
import { describeSpecIssues, nextScheduledRun, runbookSpecSchema } from "./runbook-spec";

const base = {
  name: "nightly",
  group: "Backup1",
  productionHost: "prod",
  backupHost: "backup",
  snapshotDiskGroup: "backup",
  quiesceHook: "freeze",
  resumeHook: "thaw",
  backup: { kind: "archive", targetDir: "/srv/archives" },
};

function issues(spec: Record<string, unknown>): string[] {
  const r = runbookSpecSchema.safeParse(spec);
  return r.success ? [] : describeSpecIssues(r.error, String(spec.name));
}

describe("runbook spec", () => {
  it("fills the defaults an operator leaves out", () => {
    const spec = runbookSpecSchema.parse(base);
    expect(spec).toMatchObject({
      freezeBudgetSeconds: 60,
      schedule: null,
      keepArchives: null,
      approveRejoin: false,
      resyncAfterJoin: true,
      sets: [],
    });
  });

  it("names the field and the runbook of every problem", () => {
    expect(issues({ ...base, backupHost: "prod" })).toEqual([
      "backupHost: must differ from productionHost (prod) (runbook nightly)",
    ]);
    expect(issues({ ...base, resumeHook: null })).toEqual([
      "resumeHook: quiesceHook and resumeHook go together: give both, or neither (runbook nightly)",
    ]);
    expect(issues({ ...base, schedule: "every night" })[0]).toMatch(/^schedule: not a cron expression/);
    expect(issues({ ...base, backup: { kind: "archive", targetDir: "/srv/../etc" } })).toEqual([
      "backup.targetDir: targetDir may not contain '..' (runbook nightly)",
    ]);
    expect(issues({ ...base, backup: { kind: "hook", hook: "tar" }, keepArchives: 3 })[0]).toMatch(
      /^keepArchives: applies to the built-in archive only/,
    );
    expect(
      issues({ ...base, sets: [{ master: "production/vol01", shadow: "vol01", bitmap: "production/vol01.bmp" }] })[0],
    ).toMatch(/^sets\.0\.shadow: volume must be dg\/vol/);
  });

  it("takes a tape drive by absolute path, without keepArchives (tapes are rotated by hand)", () => {
    expect(issues({ ...base, backup: { kind: "tape", device: "/dev/st0" } })).toEqual([]);
    expect(issues({ ...base, backup: { kind: "tape", device: "/dev/st0" }, keepArchives: 3 })[0]).toMatch(
      /^keepArchives: applies to archive directories only: tapes are rotated by the operator/,
    );
    expect(issues({ ...base, backup: { kind: "tape", device: "st0" } })).toEqual([
      "backup.device: device: an absolute path without '..', e.g. /dev/st0 (runbook nightly)",
    ]);
  });

  it("accepts a runbook without hooks (crash-consistent) and with a hook backup", () => {
    expect(
      issues({ ...base, quiesceHook: null, resumeHook: null, backup: { kind: "hook", hook: "tape-backup" } }),
    ).toEqual([]);
  });

  it("computes the next schedule slot, with seconds when given six fields", () => {
    const after = new Date("2026-12-02T01:30:00Z");
    expect(nextScheduledRun("0 2 * * *", after)?.getHours()).toBe(2);
    const every5s = nextScheduledRun("*/5 * * * * *", new Date("2026-12-02T01:30:02Z"));
    expect(every5s?.getTime()).toBe(new Date("2026-12-02T01:30:05Z").getTime());
  });
});
