import { describe, expect, it } from "vitest";
import { cloneFreezeWarning, consistencyBadge, consistencyOf } from "./set-consistency-summary";

describe("consistencyOf / consistencyBadge", () => {
  it("reads a status without a mode (an older agent) as scan", () => {
    expect(consistencyOf({ changeDetection: "scan" })).toEqual({
      mode: "scan",
      mechanism: null,
      reason: null,
      requested: "auto",
    });
    expect(consistencyBadge({ changeDetection: "scan" })).toMatchObject({ label: "scan", tone: "neutral" });
  });

  it("labels instant sets with their mechanism and scan sets with their reason", () => {
    const instant = consistencyBadge({
      changeDetection: "instant",
      consistency: { mode: "instant", mechanism: "btrfs-reflink", reason: null, requested: "auto" },
    });
    expect(instant).toMatchObject({ label: "instant", tone: "success" });
    expect(instant.description).toMatch(/^Instant \(btrfs reflink\)/);
    const scan = consistencyBadge({
      changeDetection: "scan",
      consistency: { mode: "scan", mechanism: null, reason: "the operator asked for scan mode", requested: "scan" },
    });
    expect(scan.description).toMatch(/^Scan \(the operator asked for scan mode\): /);
  });
});

describe("cloneFreezeWarning", () => {
  it("without a runbook, warns only past the agent's default budget of 10 s, and says that is what it compared with", () => {
    expect(cloneFreezeWarning(9_000, [])).toBeNull();
    expect(cloneFreezeWarning(10_000, [])).toBeNull();
    const warning = cloneFreezeWarning(12_345, []);
    expect(warning).toMatch(
      /^The last point-in-time clone took 12\.3 s, more than the agent's default freeze budget of 10 s/,
    );
    expect(warning).toMatch(/not reported to the console/);
  });

  it("with runbooks, warns from half of the smallest budget, naming it", () => {
    const budgets = [
      { seconds: 60, source: "runbook weekly" },
      { seconds: 4, source: "runbook nightly" },
    ];
    expect(cloneFreezeWarning(1_999, budgets)).toBeNull();
    expect(cloneFreezeWarning(2_400, budgets)).toMatch(
      /^The last point-in-time clone took 2\.4 s, 60 % of the 4 s freeze budget of runbook nightly/,
    );
    expect(cloneFreezeWarning(900, [{ seconds: 1, source: "runbook tight" }])).toMatch(/took 900 ms, 90 % of the 1 s/);
  });
});
