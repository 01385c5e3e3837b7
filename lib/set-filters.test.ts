import { describe, expect, it } from "vitest";
import { DSW_COPYINGM, DSW_COPYINGP, DSW_GOLDEN } from "./dsw-flags";
import { matchesSetFilters, parseSetFilters, setFiltersQuery } from "./set-filters";

describe("parseSetFilters", () => {
  it("keeps valid host, group and state, and drops the rest", () => {
    expect(parseSetFilters({ host: "prod", group: "nightly", state: "copying" })).toEqual({
      host: "prod",
      group: "nightly",
      state: "copying",
    });
    expect(parseSetFilters({ host: "bad host", group: "a b", state: "sleepy" })).toEqual({});
    expect(parseSetFilters({ host: ["backup", "prod"], state: "copy stopped" })).toEqual({
      host: "backup",
      state: "copy stopped",
    });
  });
});

describe("setFiltersQuery", () => {
  it("round-trips through the URL", () => {
    const filters = { host: "prod", group: "nightly", state: "copy stopped" as const };
    const query = setFiltersQuery(filters);
    expect(query).toBe("?host=prod&group=nightly&state=copy+stopped");
    expect(parseSetFilters(Object.fromEntries(new URLSearchParams(query)))).toEqual(filters);
    expect(setFiltersQuery({})).toBe("");
  });
});

describe("matchesSetFilters", () => {
  const set = { host: "prod", group: "nightly", flags: DSW_GOLDEN | DSW_COPYINGP | DSW_COPYINGM, suspended: null };
  it("matches on every given filter", () => {
    expect(matchesSetFilters(set, {})).toBe(true);
    expect(matchesSetFilters(set, { host: "prod", group: "nightly", state: "copying" })).toBe(true);
    expect(matchesSetFilters(set, { state: "ready" })).toBe(false);
    expect(matchesSetFilters(set, { host: "backup" })).toBe(false);
    expect(matchesSetFilters({ ...set, group: null }, { group: "nightly" })).toBe(false);
  });
});
