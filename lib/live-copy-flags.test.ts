import { describe, expect, it } from "vitest";
import { DSW_COPYINGM, DSW_COPYINGP, DSW_COPYINGS, DSW_GOLDEN, DSW_SHDEXPORT } from "./dsw-flags";
import { flagsWithLiveCopy } from "./live-copy-flags";
import { setBadges } from "./set-badges";
import { setStateOf } from "./set-state";

describe("flagsWithLiveCopy", () => {
  it("keeps the reported flags when no copy runs", () => {
    expect(flagsWithLiveCopy(DSW_GOLDEN | DSW_SHDEXPORT, null)).toBe(DSW_GOLDEN | DSW_SHDEXPORT);
  });

  it("marks a running copy in progress with its direction, replacing a stopped copy's bits", () => {
    expect(flagsWithLiveCopy(DSW_GOLDEN, { direction: "to-shadow" })).toBe(DSW_GOLDEN | DSW_COPYINGP | DSW_COPYINGM);
    expect(flagsWithLiveCopy(DSW_GOLDEN | DSW_COPYINGM, { direction: "to-master" })).toBe(
      DSW_GOLDEN | DSW_COPYINGP | DSW_COPYINGS,
    );
  });

  it("makes the badges and the one-word state say the copy is running", () => {
    const set = { flags: flagsWithLiveCopy(DSW_GOLDEN | DSW_COPYINGM, { direction: "to-shadow" }), suspended: null };
    expect(setBadges(set).map((b) => b.label)).toEqual(["independent", "copy in progress", "master → shadow"]);
    expect(setStateOf(set)).toBe("copying");
  });
});
