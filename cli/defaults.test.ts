import { describe, expect, it } from "vitest";
import { diskGroupRootsFrom, stateDirFrom } from "@/cli/defaults";

describe("CLI defaults", () => {
  it("takes the option, else the variable, else the default", () => {
    expect(stateDirFrom(undefined, {})).toBe("/var/lib/pitcrew");
    expect(stateDirFrom(undefined, { PITCREW_STATE_DIR: "/srv/state" })).toBe("/srv/state");
    expect(stateDirFrom("/tmp/s", { PITCREW_STATE_DIR: "/srv/state" })).toBe("/tmp/s");
    expect(diskGroupRootsFrom(undefined, {})).toEqual([]);
    expect(diskGroupRootsFrom(undefined, { PITCREW_DG_ROOTS: "/a,,/b" })).toEqual(["/a", "/b"]);
    expect(diskGroupRootsFrom("/c", { PITCREW_DG_ROOTS: "/a" })).toEqual(["/c"]);
  });
});
