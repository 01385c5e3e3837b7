import { describe, expect, it } from "vitest";
import { minBitmapBytes } from "./bitmap-size";
import {
  checkEnableForm,
  checkImportForm,
  type EnableCandidate,
  enableCandidates,
  type EnableFormValues,
  parseUsedBy,
} from "./set-enable-form";

const MiB = 1024 ** 2;
const vol = (ref: string, sizeBytes: number, extra: Partial<EnableCandidate> = {}): EnableCandidate => ({
  ref,
  diskGroup: ref.split("/")[0]!,
  path: `/san/${ref}`,
  sizeBytes,
  role: "data",
  usedBy: null,
  ...extra,
});
const candidates = [
  vol("prod/m", 64 * MiB),
  vol("prod/m.bmp", minBitmapBytes(64 * MiB), { role: "bitmap" }),
  vol("prod/tiny.bmp", 4096, { role: "bitmap" }),
  vol("snap/s", 64 * MiB),
  vol("snap/small", 16 * MiB),
  vol("prod/busy", 64 * MiB, { usedBy: "enabled in set /san/x as shadow" }),
];
const form = (v: Partial<EnableFormValues>): EnableFormValues => ({
  type: "ind",
  master: "prod/m",
  shadow: "snap/s",
  bitmap: "prod/m.bmp",
  group: "",
  forExport: false,
  consistency: "auto",
  ...v,
});

describe("checkEnableForm", () => {
  it("accepts a valid independent set and gives the job's arguments", () => {
    const check = checkEnableForm(form({ group: " nightly " }), candidates);
    expect(check.errors).toEqual({});
    expect(check.args).toEqual({
      type: "ind",
      master: "prod/m",
      shadow: "snap/s",
      bitmap: "prod/m.bmp",
      group: "nightly",
      consistency: "auto",
    });
  });

  it("gives no arguments (and no errors) while a volume is not chosen", () => {
    const check = checkEnableForm(form({ bitmap: "" }), candidates);
    expect(check.errors).toEqual({});
    expect(check.args).toBeNull();
  });

  it("refuses a bitmap too small for the master", () => {
    const check = checkEnableForm(form({ bitmap: "prod/tiny.bmp" }), candidates);
    expect(check.errors.bitmap).toEqual([
      `is 4 KiB; a set with a 64 MiB master needs at least ${minBitmapBytes(64 * MiB) / 1024} KiB`,
    ]);
    expect(check.args).toBeNull();
  });

  it("refuses an independent shadow smaller than the master, and notes a compact dependent one", () => {
    expect(checkEnableForm(form({ shadow: "snap/small" }), candidates).errors.shadow?.[0]).toMatch(
      /16 MiB, smaller than the master \(64 MiB\)/,
    );
    const withIndexRoom = [
      ...candidates,
      vol("prod/c.bmp", minBitmapBytes(64 * MiB, "compact-dependent"), { role: "bitmap" }),
    ];
    const dep = checkEnableForm(form({ type: "dep", shadow: "snap/small", bitmap: "prod/c.bmp" }), withIndexRoom);
    expect(dep.errors).toEqual({});
    expect(dep.notes[0]).toMatch(/compact dependent/);
  });

  it("measures a compact dependent set's bitmap with its index", () => {
    const exact = minBitmapBytes(64 * MiB);
    const check = checkEnableForm(form({ type: "dep", shadow: "snap/small", bitmap: "prod/m.bmp" }), [
      ...candidates.filter((c) => c.ref !== "prod/m.bmp"),
      vol("prod/m.bmp", exact, { role: "bitmap" }),
    ]);
    expect(check.errors.bitmap?.[0]).toMatch(/compact dependent set with a 64 MiB master needs at least/);
  });

  it("refuses the same volume twice", () => {
    expect(checkEnableForm(form({ shadow: "prod/m" }), candidates).errors.shadow).toEqual([
      "is the same volume as the master",
    ]);
    expect(checkEnableForm(form({ bitmap: "snap/s" }), candidates).errors.bitmap).toContain(
      "is the same volume as the shadow",
    );
    expect(checkEnableForm(form({ bitmap: "prod/m" }), candidates).errors.bitmap).toContain(
      "is the same volume as the master",
    );
  });

  it("refuses volumes already in another set's role, but lets a master have many shadows", () => {
    expect(checkEnableForm(form({ shadow: "prod/busy" }), candidates).errors.shadow).toEqual([
      "already the shadow of set /san/x",
    ]);
    expect(checkEnableForm(form({ master: "prod/busy", shadow: "snap/s" }), candidates).errors.master).toEqual([
      "already the shadow of set /san/x",
    ]);
    const sharedMaster = [
      ...candidates.filter((c) => c.ref !== "prod/m"),
      vol("prod/m", 64 * MiB, { usedBy: "enabled in set /san/y as master, under sv" }),
    ];
    expect(checkEnableForm(form({}), sharedMaster).errors).toEqual({});
    const mounted = [
      ...candidates.filter((c) => c.ref !== "snap/s"),
      vol("snap/s", 64 * MiB, { usedBy: "in use by mount" }),
    ];
    expect(checkEnableForm(form({}), mounted).errors.shadow).toEqual(["is in use: in use by mount"]);
  });

  it("warns when a shadow meant for export shares its disk group, and refuses a dependent one", () => {
    const own = checkEnableForm(form({ shadow: "prod/s2", forExport: true }), [
      ...candidates,
      vol("prod/s2", 64 * MiB),
    ]);
    expect(own.warnings[0]).toMatch(/disk group prod also holds prod\/m and prod\/m\.bmp/);
    expect(own.warnings[1]).toMatch(/volumes in use \(prod\/busy\)/);
    expect(own.args).not.toBeNull();
    expect(checkEnableForm(form({ forExport: true }), candidates).warnings).toEqual([]);
    expect(checkEnableForm(form({ type: "dep", forExport: true }), candidates).errors.type?.[0]).toMatch(
      /only an independent set/,
    );
  });

  it("checks the group name and unknown volumes", () => {
    expect(checkEnableForm(form({ group: "-x" }), candidates).errors.group).toBeDefined();
    expect(checkEnableForm(form({ master: "nope/v" }), candidates).errors.master?.[0]).toMatch(/not a volume/);
  });
});

describe("checkEnableForm: the consistency mode the set would get", () => {
  const xfs = (fsId: string) => ({ filesystem: "xfs", fsId, mechanism: "xfs-reflink" as const, reason: null });
  const ext4 = {
    filesystem: "ext4",
    fsId: "9",
    mechanism: null,
    reason: "its file system (ext4) cannot share blocks; instant mode needs XFS with reflink or btrfs",
  };
  const on = (m: EnableCandidate["sharing"], s: EnableCandidate["sharing"]) => [
    vol("prod/m", 64 * MiB, { sharing: m }),
    vol("prod/m.bmp", minBitmapBytes(64 * MiB), { role: "bitmap" }),
    vol("snap/s", 64 * MiB, s ? { sharing: s } : {}),
  ];

  it("says instant for a master on XFS with reflink, and passes the choice to the job", () => {
    const check = checkEnableForm(form({}), on(xfs("1"), ext4));
    expect(check.consistency).toMatchObject({
      summary: "instant (XFS reflink)",
      decision: { mode: "instant", refusal: null },
    });
    expect(check.args?.consistency).toBe("auto");
  });

  it("says scan and why for a master on ext4", () => {
    const check = checkEnableForm(form({}), on(ext4, ext4));
    expect(check.consistency?.summary).toBe(
      "scan: master /san/prod/m: its file system (ext4) cannot share blocks; instant mode needs XFS with reflink or btrfs",
    );
    expect(check.errors).toEqual({});
  });

  it("says scan when the operator asks for it, whatever the file systems, even unreported ones", () => {
    expect(checkEnableForm(form({ consistency: "scan" }), on(xfs("1"), xfs("1"))).consistency?.summary).toBe(
      "scan: the operator asked for scan mode",
    );
    const check = checkEnableForm(form({ consistency: "scan" }), candidates);
    expect(check.consistency?.decision?.mode).toBe("scan");
    expect(check.args?.consistency).toBe("scan");
  });

  it("refuses a dependent shadow on another file system than an instant master, under the shadow field", () => {
    const check = checkEnableForm(form({ type: "dep" }), on(xfs("1"), ext4));
    expect(check.consistency?.decision?.refusal).toMatch(
      /^dependent shadow \/san\/snap\/s is on another file system \(ext4\)/,
    );
    expect(check.errors.shadow?.[0]).toMatch(/^is on another file system \(ext4\) than master \/san\/prod\/m \(xfs\)/);
    expect(check.args).toBeNull();
    // Same file system, or scan asked for: accepted.
    expect(checkEnableForm(form({ type: "dep" }), on(xfs("1"), xfs("1"))).args).not.toBeNull();
    expect(checkEnableForm(form({ type: "dep", consistency: "scan" }), on(xfs("1"), ext4)).args).not.toBeNull();
  });

  it("says the mode is decided at enable when the agent reports no file systems, and nothing before master and shadow", () => {
    expect(checkEnableForm(form({}), candidates).consistency).toEqual({
      decision: null,
      summary: expect.stringMatching(/^decided when the set is enabled/),
    });
    expect(checkEnableForm(form({ type: "dep" }), on(xfs("1"), undefined)).consistency?.decision).toBeNull();
    expect(checkEnableForm(form({ shadow: "" }), candidates).consistency).toBeNull();
  });

  it("takes each volume's sharing from the inventory", () => {
    const dg = {
      name: "a",
      dir: "/san/a",
      owner: "prod",
      importGeneration: 1,
      volumesStarted: true,
      damaged: null,
      volumes: [
        {
          name: "v",
          path: "/san/a/v",
          kind: "file" as const,
          sizeBytes: 1,
          role: null,
          usedBy: null,
          sharing: xfs("1"),
        },
        {
          name: "v.bmp",
          path: "/san/a/v.bmp",
          kind: "file" as const,
          sizeBytes: 1,
          role: "bitmap" as const,
          usedBy: null,
        },
      ],
    };
    expect(enableCandidates({ diskGroups: [dg] }, "prod").map((c) => c.sharing)).toEqual([xfs("1"), undefined]);
  });
});

describe("parseUsedBy", () => {
  it("splits set roles from other users", () => {
    expect(parseUsedBy("enabled in set /a as master, enabled in set /b as bitmap, under sv")).toEqual({
      sets: [
        { set: "/a", role: "master" },
        { set: "/b", role: "bitmap" },
      ],
      others: ["under sv"],
    });
    expect(parseUsedBy(null)).toEqual({ sets: [], others: [] });
  });
});

describe("enableCandidates", () => {
  it("lists volumes of the disk groups the host holds, as dg/vol", () => {
    const dg = (name: string, owner: string | null) => ({
      name,
      dir: `/san/${name}`,
      owner,
      importGeneration: 1,
      volumesStarted: true,
      damaged: null,
      volumes: [{ name: "v", path: `/san/${name}/v`, kind: "file" as const, sizeBytes: 1, role: null, usedBy: null }],
    });
    expect(
      enableCandidates({ diskGroups: [dg("a", "prod"), dg("b", "backup"), dg("c", null)] }, "prod").map((c) => c.ref),
    ).toEqual(["a/v"]);
  });
});

describe("checkImportForm", () => {
  it("accepts a free shadow with a bitmap of its own big enough for it", () => {
    expect(checkImportForm({ shadow: "snap/s", bitmap: "prod/m.bmp" }, candidates)).toEqual({
      errors: {},
      args: { shadow: "snap/s", bitmap: "prod/m.bmp" },
    });
  });

  it("refuses a shadow already in a set here, a small bitmap and the same volume twice", () => {
    expect(checkImportForm({ shadow: "prod/busy", bitmap: "prod/m.bmp" }, candidates).errors.shadow).toEqual([
      "already the shadow of set /san/x on this host",
    ]);
    expect(checkImportForm({ shadow: "snap/s", bitmap: "prod/tiny.bmp" }, candidates).errors.bitmap?.[0]).toMatch(
      /needs at least/,
    );
    expect(checkImportForm({ shadow: "snap/s", bitmap: "snap/s" }, candidates).errors.bitmap).toEqual([
      "is the same volume as the shadow",
    ]);
    expect(checkImportForm({ shadow: "snap/s", bitmap: "" }, candidates).args).toBeNull();
  });
});
