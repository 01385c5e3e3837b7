import { symlink } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveVolume } from "./resolve-volume";
import { createTempSan, type TempSan } from "@/test/support/temp-san";

let san: TempSan;
beforeAll(async () => {
  san = await createTempSan("host-a", 1 << 20);
});
afterAll(() => san.cleanup());

describe("resolveVolume", () => {
  it("resolves dg/vol under the roots and accepts absolute paths inside them", async () => {
    expect(await resolveVolume("dg1/master", [san.root])).toBe(san.master);
    expect(await resolveVolume(san.shadow, [san.root])).toBe(san.shadow);
  });

  it("refuses operands outside the roots, with '..', or unknown, naming them", async () => {
    await expect(resolveVolume("/etc/passwd", [san.root])).rejects.toThrow(
      /volume "\/etc\/passwd": .*outside the configured roots/,
    );
    await expect(resolveVolume(`${san.root}/../x`, [san.root])).rejects.toThrow(/contains '\.\.'/);
    await expect(resolveVolume("../x", [san.root])).rejects.toThrow(/volume "\.\.\/x": must be dg\/vol/);
    await expect(resolveVolume("dg9/master", [san.root])).rejects.toThrow(
      /volume "dg9\/master": disk group dg9 not found/,
    );
    await expect(resolveVolume("dg1/nope", [san.root])).rejects.toThrow(
      /volume "dg1\/nope": disk group dg1 has no volume nope/,
    );
    const link = path.join(san.dgDir, "escape");
    await symlink("/etc/passwd", link);
    await expect(resolveVolume(link, [san.root])).rejects.toMatchObject({ object: link, code: "DSW_EOPEN" });
  });
});
