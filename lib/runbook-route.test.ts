import { describe, expect, it } from "vitest";
import { newRunbookHref, runbookEditHref, runbookHref, runHref } from "./runbook-route";

describe("runbook routes", () => {
  it("puts runbook names under a fixed word, so 'new' and 'runs' are ordinary names", () => {
    expect(runbookHref("new")).toBe("/runbooks/book/new");
    expect(runbookHref("runs")).toBe("/runbooks/book/runs");
    expect(runbookHref("new")).not.toBe(newRunbookHref);
    expect(runbookEditHref("lan-free-demo")).toBe("/runbooks/book/lan-free-demo/edit");
  });

  it("names a run by its id alone", () => {
    expect(runHref("cm123abc")).toBe("/runbooks/runs/cm123abc");
  });
});
