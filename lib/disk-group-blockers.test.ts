import { describe, expect, it } from "vitest";
import { checkDiskGroupAction, type DiskGroupForActions, newNameProblem } from "./disk-group-blockers";

const inSet = { host: "prod", reason: "enabled in set /san/backup/vol03 as master" };
const group = (over: Partial<DiskGroupForActions> = {}): DiskGroupForActions => ({
  name: "production",
  owner: "prod",
  volumesStarted: true,
  damaged: null,
  volumes: [
    { name: "vol01", usedBy: [] },
    { name: "vol03", usedBy: [inSet] },
  ],
  ...over,
});

describe("checkDiskGroupAction", () => {
  it("blocks a deport by the holder while one of its volumes is in a set, naming the volume and the set", () => {
    expect(checkDiskGroupAction(group(), "deport", "prod")).toEqual({
      blockers: ["deport is blocked: vol03 is enabled in set /san/backup/vol03 as master"],
      warnings: [],
    });
  });

  it("lets the holder deport or stop a group whose volumes are free", () => {
    const free = group({ volumes: [{ name: "vol01", usedBy: [] }] });
    expect(checkDiskGroupAction(free, "deport", "prod").blockers).toEqual([]);
    expect(checkDiskGroupAction(free, "stopall", "prod").blockers).toEqual([]);
  });

  it("counts only what the acting host uses; another host's report is a warning", () => {
    const dg = group({ volumes: [{ name: "vol02", usedBy: [{ host: "backup", reason: "under sv" }] }] });
    expect(checkDiskGroupAction(dg, "stopall", "prod")).toEqual({
      blockers: [],
      warnings: ["backup reports vol02 under sv"],
    });
  });

  it("blocks deport, startall, stopall and create-volume on a host that does not hold the group", () => {
    for (const action of ["deport", "startall", "stopall", "create-volume"] as const) {
      expect(checkDiskGroupAction(group(), action, "backup").blockers).toContain(
        `${action === "create-volume" ? "create volume" : action === "startall" ? "start all" : action === "stopall" ? "stop all" : "deport"} is blocked: disk group production is held by prod, not backup`,
      );
    }
    expect(checkDiskGroupAction(group({ owner: null }), "deport", "prod").blockers).toEqual([
      "deport is blocked: disk group production is deported: import it on prod first",
    ]);
  });

  it("warns when starting started or stopping stopped volumes", () => {
    expect(checkDiskGroupAction(group(), "startall", "prod").warnings).toEqual([
      "the volumes of production are already started",
    ]);
    expect(checkDiskGroupAction(group({ volumesStarted: false, volumes: [] }), "stopall", "prod")).toEqual({
      blockers: [],
      warnings: ["the volumes of production are already stopped"],
    });
  });

  it("blocks importing a group another host holds unless its lock is cleared, which warns", () => {
    expect(checkDiskGroupAction(group(), "import", "backup").blockers).toEqual([
      "import is blocked: disk group production is held by prod: deport it there, or clear its lock",
    ]);
    const cleared = checkDiskGroupAction(group(), "import", "backup", { clearLock: true });
    expect(cleared.blockers).toEqual([]);
    expect(cleared.warnings[0]).toMatch(/^clears the import lock of prod/);
    expect(checkDiskGroupAction(group({ owner: null }), "import", "backup")).toEqual({ blockers: [], warnings: [] });
    expect(checkDiskGroupAction(group(), "import", "prod").warnings).toEqual([
      "prod already holds production: importing again changes nothing",
    ]);
  });

  it("blocks everything on a damaged group", () => {
    expect(
      checkDiskGroupAction(group({ damaged: "metadata unreadable" }), "import", "backup", { clearLock: true }).blockers,
    ).toEqual(["import is blocked: disk group production is damaged: metadata unreadable"]);
  });
});

describe("newNameProblem", () => {
  it("accepts a new name and refuses empty, malformed and taken ones", () => {
    expect(newNameProblem("disk group", "e2e-dg-1", ["production"])).toBeNull();
    expect(newNameProblem("disk group", "", [])).toBe("disk group name is required");
    expect(newNameProblem("volume", ".hidden", [])).toMatch(/letters, digits/);
    expect(newNameProblem("volume", "a b", [])).toMatch(/letters, digits/);
    expect(newNameProblem("volume", "vol01", ["vol01"])).toBe("volume vol01 already exists");
  });
});
