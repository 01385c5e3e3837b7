import { describe, expect, it } from "vitest";
import { heldByQuery, matchesHeldBy, parseHeldByFilter } from "./disk-group-list-filter";

describe("the disk-group list's held-by filter", () => {
  it("reads a host name or 'deported' from the URL and ignores anything else", () => {
    expect(parseHeldByFilter({ heldBy: "prod" })).toBe("prod");
    expect(parseHeldByFilter({ heldBy: ["deported", "prod"] })).toBe("deported");
    expect(parseHeldByFilter({ heldBy: "no spaces allowed" })).toBeUndefined();
    expect(parseHeldByFilter({})).toBeUndefined();
  });

  it("round-trips through the query string", () => {
    expect(heldByQuery("prod")).toBe("?heldBy=prod");
    expect(heldByQuery(undefined)).toBe("");
  });

  it("matches groups by holder, or those nobody holds", () => {
    expect(matchesHeldBy({ owner: "prod" }, "prod")).toBe(true);
    expect(matchesHeldBy({ owner: "prod" }, "backup")).toBe(false);
    expect(matchesHeldBy({ owner: null }, "deported")).toBe(true);
    expect(matchesHeldBy({ owner: null }, undefined)).toBe(true);
  });
});
