import { describe, expect, it } from "vitest";
import { jobArgsSchemas, volumeRefSchema } from "./job-types";
import { runbookSpecSchema } from "./runbook-spec";

/** Each issue as "path: message", as the console reports them. */
function issues(result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}): string[] {
  return result.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];
}

describe("path operands refuse control characters", () => {
  it("refuses a NUL in a volume, naming the field and showing the value escaped", () => {
    const r = jobArgsSchemas["sv.enable"].safeParse({ volumes: ["/san/production/vol01\u0000.bmp"] });
    expect(r.success).toBe(false);
    expect(issues(r)).toEqual([
      'volumes.0: volume "/san/production/vol01\\u0000.bmp" contains NUL (U+0000) at character 22; control characters are not allowed in a path',
    ]);
  });

  it("refuses control characters in every volume field of set.enable and in dg/vol names", () => {
    const r = jobArgsSchemas["set.enable"].safeParse({
      type: "ind",
      master: "/san/a\n",
      shadow: "/san/b\u001b[1m",
      bitmap: "production/c\t",
    });
    expect(issues(r).map((i) => i.split(":")[0])).toEqual(expect.arrayContaining(["master", "shadow", "bitmap"]));
    expect(volumeRefSchema.safeParse("production/vol01").success).toBe(true);
    expect(volumeRefSchema.safeParse("/san/production/vol 01").success).toBe(true);
  });

  it("refuses control characters in archive targets, tape devices and group names", () => {
    expect(
      issues(
        jobArgsSchemas["archive.create"].safeParse({
          volumes: ["backup/vol01"],
          targetDir: "/srv/arch\u0000",
          label: "x",
        }),
      ),
    ).toEqual([expect.stringMatching(/^targetDir: targetDir .* contains NUL/)]);
    expect(
      issues(
        jobArgsSchemas["archive.tape"].safeParse({ volumes: ["backup/vol01"], device: "/dev/st0\u0000", label: "x" }),
      ),
    ).toEqual([expect.stringMatching(/^device: device .* contains NUL/)]);
    expect(issues(jobArgsSchemas["set.move"].safeParse({ group: "Backup\u00001", sets: ["backup/vol01"] }))).toEqual([
      expect.stringMatching(/^group: group .* contains NUL/),
    ]);
  });

  it("refuses them in a runbook's archive target", () => {
    const r = runbookSpecSchema.safeParse({
      name: "r",
      group: "G",
      productionHost: "p",
      backupHost: "b",
      snapshotDiskGroup: "backup",
      backup: { kind: "archive", targetDir: "nightly\n" },
    });
    expect(issues(r)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^backup.targetDir: targetDir "nightly\\n" contains newline/)]),
    );
  });
});
