import { describe, expect, it } from "vitest";
import { isRunbookNoteworthy, runbookAttention } from "./runbook-attention";

const lastRun = { id: "run1", state: "succeeded", error: null, rejoinedAt: null };
const quiet = { overdue: false, nextRunAt: null, lastRun };

describe("runbookAttention", () => {
  it("says nothing about a runbook whose last run succeeded on time", () => {
    expect(runbookAttention(quiet)).toEqual([]);
    expect(runbookAttention({ ...quiet, lastRun: null })).toEqual([]);
    expect(isRunbookNoteworthy(quiet)).toBe(false);
  });

  it("flags an overdue schedule and a failed last run, naming the step", () => {
    const badges = runbookAttention({
      overdue: true,
      nextRunAt: "2026-01-01T02:00:00.000Z",
      lastRun: { ...lastRun, state: "failed", error: { step: "export", message: "deport refused" } },
    });
    expect(badges.map((b) => [b.label, b.tone])).toEqual([
      ["overdue", "warning"],
      ["last run failed", "danger"],
    ]);
    expect(badges[0]!.description).toContain("2026-01-01T02:00:00.000Z");
    expect(badges[1]!.description).toBe("The last run failed at step export: deport refused");
  });

  it("lists running runbooks on the overview too", () => {
    expect(isRunbookNoteworthy({ ...quiet, lastRun: { ...lastRun, state: "awaiting-approval" } })).toBe(true);
    expect(
      isRunbookNoteworthy({
        ...quiet,
        lastRun: { ...lastRun, state: "cancelled", error: { step: "update", message: "cancelled by an operator" } },
      }),
    ).toBe(false);
  });

  it("flags a last run cancelled after its export until its shadows are brought home", () => {
    const away = { ...lastRun, state: "cancelled", error: { step: "backup", message: "cancelled by an operator" } };
    const badges = runbookAttention({ ...quiet, lastRun: away });
    expect(badges.map((b) => [b.label, b.tone])).toEqual([["shadows away", "warning"]]);
    expect(badges[0]!.description).toContain("cancelled at step backup, after its export");
    expect(badges[0]!.description).toContain("pitcrew runbook rejoin run1");
    expect(isRunbookNoteworthy({ ...quiet, lastRun: away })).toBe(true);
    expect(runbookAttention({ ...quiet, lastRun: { ...away, rejoinedAt: "2026-12-04T06:00:00.000Z" } })).toEqual([]);
  });
});
