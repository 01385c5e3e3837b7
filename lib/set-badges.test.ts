import { describe, expect, it } from "vitest";
import {
  DSW_BMPOFFLINE,
  DSW_COPYINGM,
  DSW_COPYINGP,
  DSW_COPYINGS,
  DSW_GOLDEN,
  DSW_OVERFLOW,
  DSW_SHDEXPORT,
  DSW_TREEMAP,
} from "./dsw-flags";
import { setBadges } from "./set-badges";

const labels = (flags: number, suspended: string | null = null) => setBadges({ flags, suspended }).map((b) => b.label);

describe("setBadges", () => {
  it("names the mode first, then the copy state and direction", () => {
    expect(labels(DSW_GOLDEN)).toEqual(["independent"]);
    expect(labels(0)).toEqual(["dependent"]);
    expect(labels(DSW_GOLDEN | DSW_COPYINGP | DSW_COPYINGM)).toEqual([
      "independent",
      "copy in progress",
      "master → shadow",
    ]);
    expect(labels(DSW_GOLDEN | DSW_COPYINGS)).toEqual(["independent", "copy not active", "shadow → master"]);
  });

  it("shows compact, offline, exported and out-of-space conditions with their tones", () => {
    const badges = setBadges({ flags: DSW_TREEMAP | DSW_OVERFLOW | DSW_BMPOFFLINE, suspended: null });
    expect(badges.map((b) => [b.label, b.tone])).toEqual([
      ["dependent", "neutral"],
      ["compact", "neutral"],
      ["bitmap offline", "danger"],
      ["out of space", "danger"],
    ]);
    expect(labels(DSW_GOLDEN | DSW_SHDEXPORT)).toEqual(["independent", "shadow exported"]);
  });

  it("puts a suspended set's reason in the badge's description", () => {
    const [first] = setBadges({ flags: DSW_GOLDEN, suspended: "bitmap unreadable" });
    expect(first).toMatchObject({ label: "suspended", tone: "danger" });
    expect(first!.description).toContain("bitmap unreadable");
  });
});
