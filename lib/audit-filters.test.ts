import { describe, expect, it } from "vitest";
import {
  auditFiltersQuery,
  hasAuditFilters,
  isoToLocalInput,
  localInputToIso,
  parseAuditFilters,
} from "./audit-filters";

describe("audit filters in the URL", () => {
  it("round-trips every filter", () => {
    const filters = {
      action: "job.create",
      actor: "admin",
      result: "refused" as const,
      object: "job ",
      since: "2024-05-01T10:30:00.000Z",
      until: "2024-05-02T00:00:00.000Z",
    };
    const query = auditFiltersQuery(filters);
    expect(query).toBe(
      "?action=job.create&actor=admin&result=refused&object=job+&since=2024-05-01T10%3A30%3A00.000Z&until=2024-05-02T00%3A00%3A00.000Z",
    );
    expect(parseAuditFilters(Object.fromEntries(new URLSearchParams(query)))).toEqual({ ...filters, object: "job" });
  });

  it("drops unknown results, bad dates and empty values", () => {
    expect(parseAuditFilters({ result: "maybe", since: "yesterday", action: "", actor: ["erin", "frank"] })).toEqual({
      actor: "erin",
    });
    expect(hasAuditFilters({})).toBe(false);
    expect(auditFiltersQuery({})).toBe("");
  });

  it("reads datetime-local values as UTC", () => {
    expect(localInputToIso("2024-05-01T10:30")).toBe("2024-05-01T10:30:00.000Z");
    expect(localInputToIso("")).toBeUndefined();
    expect(localInputToIso("2024-13-01T10:30")).toBeUndefined();
    expect(isoToLocalInput("2024-05-01T10:30:00.000Z")).toBe("2024-05-01T10:30");
  });
});
