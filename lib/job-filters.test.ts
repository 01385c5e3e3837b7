import { describe, expect, it } from "vitest";
import { jobFiltersQuery, parseJobFilters } from "./job-filters";

describe("parseJobFilters", () => {
  it("reads host and state from the URL", () => {
    expect(parseJobFilters({ host: "prod", state: "running" })).toEqual({ host: "prod", state: "running" });
    expect(parseJobFilters({ host: ["backup", "prod"] })).toEqual({ host: "backup" });
  });
  it("ignores an unknown state and a malformed host name", () => {
    expect(parseJobFilters({ state: "exploded", host: "../etc" })).toEqual({});
    expect(parseJobFilters({})).toEqual({});
  });
});

describe("jobFiltersQuery", () => {
  it("writes the filters back as a query string", () => {
    expect(jobFiltersQuery({ host: "prod", state: "failed" })).toBe("?host=prod&state=failed");
    expect(jobFiltersQuery({})).toBe("");
  });
});
