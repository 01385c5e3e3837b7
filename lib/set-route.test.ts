import { describe, expect, it } from "vitest";
import { enableSetHref, groupHref, routeParam, setHref, shadowFromSegments } from "./set-route";

describe("set URLs", () => {
  it("maps a shadow path's segments onto the URL below /sets/host/<host>, and back", () => {
    expect(setHref("prod", "/san/backup/vol01")).toBe("/sets/host/prod/san/backup/vol01");
    expect(shadowFromSegments(["san", "backup", "vol01"])).toBe("/san/backup/vol01");
  });

  it("encodes characters that are not safe in a segment, and decodes them once", () => {
    const href = setHref("prod", "/tmp/my disk/v#1");
    expect(href).toBe("/sets/host/prod/tmp/my%20disk/v%231");
    expect(shadowFromSegments(href.split("/").slice(4))).toBe("/tmp/my disk/v#1");
    expect(shadowFromSegments(["tmp", "my disk", "v#1"])).toBe("/tmp/my disk/v#1");
  });

  it("names an I/O group by host and group", () => {
    expect(groupHref("prod", "nightly")).toBe("/sets/groups/prod/nightly");
    expect(routeParam("night%20ly")).toBe("night ly");
    expect(routeParam("100%")).toBe("100%");
  });

  it("keeps hosts named like the fixed pages apart from them: a host is never the second segment", () => {
    for (const host of ["enable", "groups", "host"]) {
      expect(setHref(host, "/san/backup/vol01")).toBe(`/sets/host/${host}/san/backup/vol01`);
      expect(groupHref(host, "nightly")).toBe(`/sets/groups/${host}/nightly`);
    }
    expect(enableSetHref("groups")).toBe("/sets/enable?host=groups");
  });

  it("links the enable form, for one host when given", () => {
    expect(enableSetHref()).toBe("/sets/enable");
    expect(enableSetHref("prod 2")).toBe("/sets/enable?host=prod%202");
  });
});
