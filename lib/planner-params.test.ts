import { describe, expect, it } from "vitest";
import { DEFAULT_CHANGE_PERCENT, parsePlannerParams, parseVolumeKey, plannerQuery, volumeKey } from "./planner-params";

describe("planner URL parameters", () => {
  it("round-trips a selection", () => {
    const params = {
      from: "prod",
      volumes: ["prod:production/vol01", "backup:backup/vol02"],
      sizes: "100G, 2T",
      changePercent: 25,
    };
    const query = plannerQuery(params);
    expect(query).toBe(
      "?from=prod&vol=prod%3Aproduction%2Fvol01&vol=backup%3Abackup%2Fvol02&sizes=100G%2C+2T&change=25",
    );
    expect(
      parsePlannerParams(
        Object.fromEntries(
          [...new URLSearchParams(query).keys()].map((k) => [k, new URLSearchParams(query).getAll(k)]),
        ),
      ),
    ).toEqual(params);
  });

  it("is empty for the default selection", () => {
    expect(plannerQuery({ volumes: [], sizes: " ", changePercent: DEFAULT_CHANGE_PERCENT })).toBe("");
  });

  it("drops malformed entries instead of failing", () => {
    expect(
      parsePlannerParams({
        from: "bad host",
        vol: ["nohost", "prod:production/vol01", "prod:production/vol01"],
        change: "300",
      }),
    ).toEqual({ volumes: ["prod:production/vol01"], sizes: "", changePercent: DEFAULT_CHANGE_PERCENT });
  });

  it("parses and prints volume keys", () => {
    expect(parseVolumeKey("prod:production/vol01")).toEqual({ host: "prod", diskGroup: "production", volume: "vol01" });
    expect(volumeKey({ host: "prod", diskGroup: "dg", volume: "v" })).toBe("prod:dg/v");
    expect(parseVolumeKey("prod:/abs/path")).toBeNull();
  });
});
