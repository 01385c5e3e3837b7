import { describe, expect, it } from "vitest";
import { groupHref, routeParam, setHref, shadowFromSegments } from "./set-route";

describe("set URLs", () => {
  it("maps a shadow path's segments onto the URL and back", () => {
    expect(setHref("prod", "/san/backup/vol01")).toBe("/sets/prod/san/backup/vol01");
    expect(shadowFromSegments(["san", "backup", "vol01"])).toBe("/san/backup/vol01");
  });

  it("encodes characters that are not safe in a segment, and decodes them once", () => {
    const href = setHref("prod", "/tmp/my disk/v#1");
    expect(href).toBe("/sets/prod/tmp/my%20disk/v%231");
    expect(shadowFromSegments(href.split("/").slice(3))).toBe("/tmp/my disk/v#1");
    expect(shadowFromSegments(["tmp", "my disk", "v#1"])).toBe("/tmp/my disk/v#1");
  });

  it("names an I/O group by host and group", () => {
    expect(groupHref("prod", "nightly")).toBe("/sets/groups/prod/nightly");
    expect(routeParam("night%20ly")).toBe("night ly");
    expect(routeParam("100%")).toBe("100%");
  });
});
