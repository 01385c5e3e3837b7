import { describe, expect, it } from "vitest";
import { isRunbookNoteworthy, runbookAttention } from "./runbook-attention";

const quiet = { overdue: false, nextRunAt: null, lastRun: { state: "succeeded", error: null } };

describe("runbookAttention", () => {
  it("says nothing about a runbook whose last run succeeded on time", () => {
    expect(runbookAttention(quiet)).toEqual([]);
    expect(runbookAttention({ ...quiet, lastRun: null })).toEqual([]);
    expect(isRunbookNoteworthy(quiet)).toBe(false);
  });

  it("flags an overdue schedule and a failed last run, naming the step", () => {
    const badges = runbookAttention({
      overdue: true, nextRunAt: "2026-01-01T02:00:00.000Z", lastRun: { state: "failed", error: { step: "export", message: "deport refused" } },
    });
    expect(badges.map((b) => [b.label, b.tone])).toEqual([["overdue", "warning"], ["last run failed", "danger"]]);
    expect(badges[0]!.description).toContain("2026-01-01T02:00:00.000Z");
    expect(badges[1]!.description).toBe("The last run failed at step export: deport refused");
  });

  it("lists running runbooks on the overview too", () => {
    expect(isRunbookNoteworthy({ ...quiet, lastRun: { state: "awaiting-approval", error: null } })).toBe(true);
    expect(isRunbookNoteworthy({ ...quiet, lastRun: { state: "cancelled", error: null } })).toBe(false);
  });
});
