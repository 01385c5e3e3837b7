import { describe, expect, it } from "vitest";
import { checkArchiveTarget, resolveArchiveTargetPath } from "./archive-target-check";

const where = { runbook: "nightly", host: "backup" };

describe("checkArchiveTarget", () => {
  it("passes a relative target (under the first root) and an absolute one under any root", () => {
    const roots = ["/srv/archives", "/mnt/tape-stage/"];
    expect(resolveArchiveTargetPath("lan-free-demo", roots)).toBe("/srv/archives/lan-free-demo");
    expect(checkArchiveTarget("lan-free-demo", roots, where)).toBeNull();
    expect(checkArchiveTarget("/srv/archives", roots, where)).toBeNull();
    expect(checkArchiveTarget("/srv/archives/./a//b/", roots, where)).toBeNull();
    expect(checkArchiveTarget("/mnt/tape-stage/x", roots, where)).toBeNull();
  });

  it("refuses an absolute target outside the roots, naming the field, runbook, host and roots", () => {
    expect(checkArchiveTarget("/srv/archives-old/x", ["/srv/archives"], where)).toBe(
      "backup.targetDir: /srv/archives-old/x of runbook nightly is outside the archiveRoots of the agent config of host backup " +
        "(its archive roots: /srv/archives); use a path under one of them, or a relative one (under /srv/archives)",
    );
  });

  it("refuses when the host has no archive roots, or its agent does not say (older than the console)", () => {
    expect(checkArchiveTarget("x", [], where)).toMatch(
      /^backup.targetDir: host backup has no archiveRoots in its agent config/,
    );
    expect(checkArchiveTarget("x", undefined, where)).toMatch(
      /^backup.targetDir: the agent of host backup does not report its archiveRoots .* upgrade that agent$/,
    );
  });
});
