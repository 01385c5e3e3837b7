import { describe, expect, it } from "vitest";

import {
  formatCopyProgressLine,
  formatCtime,
  formatGroups,
  formatList,
  formatParams,
  formatStatus,
  formatVersion,
} from "./format-iiadm-output";
import {
  DSW_BMPOFFLINE,
  DSW_COPYINGM,
  DSW_COPYINGP,
  DSW_GOLDEN,
  DSW_SHDEXPORT,
  DSW_SHDIMPORT,
  DSW_TREEMAP,
} from "@/lib/dsw-flags";
import type { CopyProgress } from "@/lib/copy-progress";
import type { SetStatus } from "@/lib/set-status";

const utc = { timeZone: "UTC" };
const DASHES = "-".repeat(78);
const MARCH_4_2008 = Date.UTC(2008, 2, 4, 2, 0, 13) / 1000;

function set(overrides: Partial<SetStatus>): SetStatus {
  return {
    shadow: "/dev/rdsk/c2t2d0s0",
    master: "/dev/rdsk/c2t1d0s0",
    bitmap: "/dev/rdsk/c2t3d0s1",
    mode: "dep",
    group: null,
    clusterTag: null,
    overflow: null,
    suspended: null,
    flags: 0,
    mtime: MARCH_4_2008,
    exportId: "",
    sizeFbas: 2_097_152,
    chunks: 32_768,
    shadowChunksTotal: 32_768,
    shadowChunksUsed: 0,
    bitsSet: 0,
    shadowBits: 0,
    copyBits: 0,
    throttle: { unit: 100, delay: 2 },
    changeDetection: "scan",
    progress: null,
    ...overrides,
  };
}

// The invented example of docs/instant-image.md §4.1: 20 GiB set, initial copy 63 % done.
const ora01 = set({
  master: "/dev/vx/rdsk/appdg/ora01",
  shadow: "/dev/vx/rdsk/snapdg/ora01s",
  bitmap: "/dev/vx/rdsk/appdg/ora01b",
  mode: "ind",
  group: "nightly",
  flags: DSW_GOLDEN | DSW_COPYINGP | DSW_COPYINGM,
  sizeFbas: 41_943_040,
  chunks: 655_360,
  shadowChunksTotal: 655_360,
  bitsSet: 242_484,
});

const ORA01_TEXT = [
  "/dev/vx/rdsk/appdg/ora01: (master volume)",
  "/dev/vx/rdsk/snapdg/ora01s: (shadow volume)",
  "/dev/vx/rdsk/appdg/ora01b: (bitmap volume)",
  "Group name: nightly",
  "Independent copy, copy in progress, copying master to shadow",
  "Latest modified time: Tue Mar  4 02:00:13 2008",
  "Volume size: 41943040",
  "Shadow chunks total: 655360 Shadow chunks used: 0",
  "Percent of bitmap set: 37",
  "\t(bitmap dirty)",
  "",
].join("\n");

describe("formatStatus", () => {
  it("renders the §4.1 example exactly", () => {
    expect(formatStatus([ora01], utc)).toBe(ORA01_TEXT);
  });

  it("puts a 78-dash separator before every set except the first", () => {
    const text = formatStatus([ora01, set({}), set({ shadow: "/dev/rdsk/c3" })], utc);
    expect(text.startsWith("/dev/vx/rdsk/appdg/ora01: (master volume)\n")).toBe(true);
    expect(text.split("\n").filter((line) => line === DASHES)).toHaveLength(2);
    expect(text).toContain(`\t(bitmap dirty)\n${DASHES}\n/dev/rdsk/c2t1d0s0: (master volume)\n`);
    expect(formatStatus([], utc)).toBe("");
  });

  it("prints a clean idle dependent set with 0 % and (bitmap clean)", () => {
    expect(formatStatus([set({})], utc)).toBe(
      [
        "/dev/rdsk/c2t1d0s0: (master volume)",
        "/dev/rdsk/c2t2d0s0: (shadow volume)",
        "/dev/rdsk/c2t3d0s1: (bitmap volume)",
        "Dependent copy",
        "Latest modified time: Tue Mar  4 02:00:13 2008",
        "Volume size:  2097152",
        "Shadow chunks total: 32768 Shadow chunks used: 0",
        "Percent of bitmap set: 0",
        "\t(bitmap clean)",
        "",
      ].join("\n"),
    );
  });

  it("prints (bitmap dirty) at 0 % when a few bits are set", () => {
    expect(formatStatus([set({ bitsSet: 3 })], utc)).toContain("Percent of bitmap set: 0\n\t(bitmap dirty)\n");
  });

  it("prints no dirty/clean line at 100 %", () => {
    const text = formatStatus([set({ bitsSet: 32_768, flags: DSW_GOLDEN })], utc);
    expect(text.endsWith("Percent of bitmap set: 100\n")).toBe(true);
  });

  it("forces 0 % under 100 chunks", () => {
    const text = formatStatus([set({ chunks: 64, shadowChunksTotal: 64, bitsSet: 64, sizeFbas: 4096 })], utc);
    expect(text).toContain("Volume size:     4096\n");
    expect(text.endsWith("Percent of bitmap set: 0\n\t(bitmap dirty)\n")).toBe(true);
  });

  it("omits the percentage when the bitmap is offline", () => {
    const text = formatStatus([set({ flags: DSW_BMPOFFLINE, bitsSet: 5 })], utc);
    expect(
      text.endsWith(
        "Dependent copy, bitmap volume offline\n" +
          "Latest modified time: Tue Mar  4 02:00:13 2008\nVolume size:  2097152\n" +
          "Shadow chunks total: 32768 Shadow chunks used: 0\n",
      ),
    ).toBe(true);
  });

  it("prints the exported and imported state lines", () => {
    const exported = formatStatus([set({ flags: DSW_GOLDEN | DSW_SHDEXPORT })], utc);
    expect(exported).toContain("\nIndependent copy, shadow volume exported\n");
    const imported = formatStatus([set({ master: "<imported_shadow>", flags: DSW_GOLDEN | DSW_SHDIMPORT })], utc);
    expect(imported.startsWith("<imported_shadow>: (master volume)\n")).toBe(true);
    expect(imported).toContain("\nIndependent copy, shadow volume imported\n");
  });

  it("prints only `Suspended.` after the volumes of a suspended set", () => {
    const text = formatStatus([set({ suspended: "bitmap offline at boot", group: "nightly" }), set({})], utc);
    expect(
      text.startsWith(
        "/dev/rdsk/c2t1d0s0: (master volume)\n/dev/rdsk/c2t2d0s0: (shadow volume)\n" +
          `/dev/rdsk/c2t3d0s1: (bitmap volume)\nSuspended.\n${DASHES}\n`,
      ),
    ).toBe(true);
  });

  it("prints overflow, group and cluster tag lines in order", () => {
    const text = formatStatus(
      [set({ overflow: "/dev/rdsk/ovr", group: "g1", clusterTag: "dg1", flags: DSW_TREEMAP, shadowChunksUsed: 12 })],
      utc,
    );
    expect(text).toContain(
      "/dev/rdsk/c2t3d0s1: (bitmap volume)\n/dev/rdsk/ovr: (overflow volume)\nGroup name: g1\n" +
        "Cluster tag: dg1\nDependent copy, compacted shadow space\n",
    );
    expect(text).toContain("Shadow chunks total: 32768 Shadow chunks used: 12\n");
  });

  it("prints `unknown` for time 0 and omits the chunk line when the total is 0", () => {
    const text = formatStatus([set({ mtime: 0, shadowChunksTotal: 0 })], utc);
    expect(text).toContain("\nLatest modified time: unknown\nVolume size:  2097152\nPercent of bitmap set: 0\n");
  });
});

describe("formatCtime", () => {
  it("pads the day with a space and uses the given zone", () => {
    expect(formatCtime(MARCH_4_2008, "UTC")).toBe("Tue Mar  4 02:00:13 2008");
    // 02:00 UTC is still the previous evening in New York (EST, UTC-5).
    expect(formatCtime(MARCH_4_2008, "America/New_York")).toBe("Mon Mar  3 21:00:13 2008");
    expect(formatCtime(Date.UTC(2026, 10, 25, 23, 59, 59) / 1000, "UTC")).toBe("Wed Nov 25 23:59:59 2026");
    expect(formatCtime(0, "UTC")).toBe("Thu Jan  1 00:00:00 1970");
  });

  it("defaults to the host's local zone, as ctime(3) does", () => {
    expect(formatStatus([set({})])).toContain(`Latest modified time: ${formatCtime(MARCH_4_2008)}\n`);
    expect(formatCtime(MARCH_4_2008)).toMatch(/^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}$/);
  });

  it("reads the local zone's wall clock the same as when that zone is named", () => {
    const saved = process.env.TZ;
    try {
      // Node applies a changed TZ at once; a zone with DST and a non-zero offset, whatever the host's.
      process.env.TZ = "America/New_York";
      expect(formatCtime(MARCH_4_2008)).toBe("Mon Mar  3 21:00:13 2008");
      for (const t of [0, Date.UTC(2026, 6, 1, 3, 30) / 1000])
        expect(formatCtime(t)).toBe(formatCtime(t, "America/New_York"));
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe("formatList", () => {
  it("prints the §4.2 example", () => {
    expect(
      formatList([
        {
          mode: "ind",
          master: "/dev/vx/rdsk/appdg/ora01",
          shadow: "/dev/vx/rdsk/snapdg/ora01s",
          bitmap: "/dev/vx/rdsk/appdg/ora01b",
          suspended: false,
        },
        {
          mode: "dep",
          master: "/dev/rdsk/c2t1d0s0",
          shadow: "/dev/rdsk/c2t2d0s0",
          bitmap: "/dev/rdsk/c2t3d0s1",
          suspended: true,
        },
      ]),
    ).toBe(
      "ind /dev/vx/rdsk/appdg/ora01 /dev/vx/rdsk/snapdg/ora01s /dev/vx/rdsk/appdg/ora01b\n" +
        "dep /dev/rdsk/c2t1d0s0 /dev/rdsk/c2t2d0s0 /dev/rdsk/c2t3d0s1 (suspended)\n",
    );
    expect(formatList([])).toBe("");
  });
});

describe("formatGroups", () => {
  it("sorts, de-duplicates and drops empty names, like sort -u", () => {
    expect(formatGroups(["nightly", "", "Backup1", "nightly", "backup2"])).toBe("Backup1\nbackup2\nnightly\n");
    expect(formatGroups([""])).toBe("");
  });
});

describe("formatParams", () => {
  it("prints the three -P lines", () => {
    expect(formatParams("/dev/rdsk/c2t2d0s0", 2, 100)).toBe(
      "volume: /dev/rdsk/c2t2d0s0\ncopy delay: 2\ncopy unit: 100\n",
    );
  });
});

describe("formatVersion", () => {
  it("drops a zero micro number", () => {
    expect(formatVersion("0.1.0")).toBe("Point in Time Copy version 0.1\n");
    expect(formatVersion("3.2")).toBe("Point in Time Copy version 3.2\n");
    expect(formatVersion("1.4.2")).toBe("Point in Time Copy version 1.4.2\n");
    expect(formatVersion("2.0.0-beta.1")).toBe("Point in Time Copy version 2.0\n");
  });
});

describe("formatCopyProgressLine", () => {
  const progress = (overrides: Partial<CopyProgress>): CopyProgress => ({
    phase: "copying",
    direction: "to-shadow",
    chunksDone: 412_876,
    chunksTotal: 655_360,
    bytesDone: 412_876 * 32_768, // 62.99 %: floored to 62
    bytesTotal: 20 * 1024 ** 3,
    rateBytesPerSec: 180 * 1024 ** 2,
    etaSeconds: 41,
    updatedAt: 0,
    ...overrides,
  });

  it("shows percent, amounts, rate and ETA on one line", () => {
    expect(formatCopyProgressLine(progress({}))).toBe(
      "copying master to shadow:  62% 12.6 GiB of 20 GiB, 180 MiB/s, ETA 0:00:41",
    );
  });

  it("shows -- without an estimate, and hours past 59 minutes", () => {
    expect(formatCopyProgressLine(progress({ etaSeconds: null, direction: "to-master" }))).toBe(
      "copying shadow to master:  62% 12.6 GiB of 20 GiB, 180 MiB/s, ETA --",
    );
    expect(formatCopyProgressLine(progress({ etaSeconds: 3_725 }))).toMatch(/ETA 1:02:05$/);
  });

  it("labels the scan phase and handles an empty copy", () => {
    const line = formatCopyProgressLine(
      progress({ phase: "scanning", bytesDone: 0, bytesTotal: 0, chunksDone: 0, chunksTotal: 0, rateBytesPerSec: 0 }),
    );
    expect(line).toBe("scanning for changes:   0% 0 bytes of 0 bytes, 0 bytes/s, ETA 0:00:41");
    for (const control of ["\n", "\r", "\u001b"]) expect(line).not.toContain(control);
  });
});

describe("formatStatus with showProgress", () => {
  it("adds a Copy progress line only when asked and only for a running copy", async () => {
    const { formatStatus } = await import("./format-iiadm-output");
    const base = {
      shadow: "/s",
      master: "/m",
      bitmap: "/b",
      mode: "ind" as const,
      group: null,
      clusterTag: null,
      overflow: null,
      suspended: null,
      flags: 0x301,
      mtime: 0,
      exportId: "",
      sizeFbas: 2_097_152,
      chunks: 32768,
      shadowChunksTotal: 32768,
      shadowChunksUsed: 0,
      bitsSet: 16384,
      shadowBits: 0,
      copyBits: 16384,
      throttle: { unit: 100, delay: 2 },
      changeDetection: "scan" as const,
      progress: {
        phase: "copying" as const,
        direction: "to-shadow" as const,
        chunksDone: 16384,
        chunksTotal: 32768,
        bytesDone: 512 * 1024 * 1024,
        bytesTotal: 1024 * 1024 * 1024,
        rateBytesPerSec: 256 * 1024 * 1024,
        etaSeconds: 2,
        updatedAt: 0,
      },
    };
    expect(formatStatus([base])).not.toContain("Copy progress");
    expect(formatStatus([base], { showProgress: true })).toContain(
      "Copy progress: copying master to shadow:  50% 512 MiB of 1 GiB, 256 MiB/s, ETA 0:00:02\n",
    );
    expect(formatStatus([{ ...base, progress: null }], { showProgress: true })).not.toContain("Copy progress");
  });
});

describe("formatStatus: the consistency mode after iiadm's lines", () => {
  const takenAt = Date.UTC(2026, 11, 7, 13, 5, 9, 400);
  const instant = set({
    consistency: { mode: "instant", mechanism: "xfs-reflink", reason: null, requested: "auto" },
    changeDetection: "instant",
    clone: {
      takenAt,
      cloneMs: 41.6,
      masterExtents: 1234,
      heldBytes: 3 * 1024 * 1024,
      lastUpdate: "instant",
      lastUpdateNote: null,
    },
  });

  it("prints nothing of its own for a status without a mode (an older agent): iiadm's lines exactly", () => {
    expect(
      formatStatus([set({})], utc)
        .split("\n")
        .at(-2),
    ).toBe("\t(bitmap clean)");
  });

  it("prints the mode, the point-in-time clone and how the last update found changes for an instant set", () => {
    expect(formatStatus([instant], utc)).toBe(
      [
        "/dev/rdsk/c2t1d0s0: (master volume)",
        "/dev/rdsk/c2t2d0s0: (shadow volume)",
        "/dev/rdsk/c2t3d0s1: (bitmap volume)",
        "Dependent copy",
        "Latest modified time: Tue Mar  4 02:00:13 2008",
        "Volume size:  2097152",
        "Shadow chunks total: 32768 Shadow chunks used: 0",
        "Percent of bitmap set: 0",
        "\t(bitmap clean)",
        "Consistency: instant (XFS reflink)",
        "Point-in-time clone: Mon Dec  7 13:05:09 2026, took 42 ms, master extents 1234, reference clone holds 3 MiB",
        "Last update: instant",
        "",
      ].join("\n"),
    );
  });

  it("says why the last update scanned, btrfs, an unknown held size, and no update yet", () => {
    const clone = {
      ...instant.clone!,
      heldBytes: null,
      lastUpdate: "scan" as const,
      lastUpdateNote: "the master was recreated: its extents could not be compared",
    };
    const text = formatStatus(
      [{ ...instant, consistency: { ...instant.consistency!, mechanism: "btrfs-reflink" }, clone }],
      utc,
    );
    expect(text).toContain("Consistency: instant (btrfs reflink)\n");
    expect(text).toContain("reference clone holds an unknown amount\n");
    expect(text).toContain("Last update: scan (the master was recreated: its extents could not be compared)\n");
    expect(formatStatus([{ ...instant, clone: { ...instant.clone!, lastUpdate: null } }], utc)).not.toContain(
      "Last update",
    );
  });

  it("prints the scan reason, and no clone lines, for a scan set, after Copy incomplete", () => {
    const scan = set({
      consistency: {
        mode: "scan",
        mechanism: null,
        reason: "master /san/m: its file system (ext4) cannot share blocks",
        requested: "auto",
      },
      clone: null,
      incomplete: "the copy to the shadow was aborted",
    });
    const text = formatStatus([scan], utc);
    expect(
      text.endsWith(
        "\t(bitmap dirty)\nCopy incomplete: the copy to the shadow was aborted\nConsistency: scan: master /san/m: its file system (ext4) cannot share blocks\n",
      ),
    ).toBe(true);
    expect(
      formatStatus(
        [
          set({
            consistency: {
              mode: "scan",
              mechanism: null,
              reason: "the operator asked for scan mode",
              requested: "scan",
            },
          }),
        ],
        utc,
      ),
    ).toContain("Consistency: scan: the operator asked for scan mode\n");
  });

  it("prints nothing of its own for a suspended set", () => {
    expect(formatStatus([{ ...instant, suspended: "bitmap header unreadable" }], utc)).not.toContain("Consistency");
  });
});
