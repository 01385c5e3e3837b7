// Shadows that are not a complete point in time, through the real console and a real agent
// (issue 21, findings 3, 4 and 11): a copy aborted part-way is never exported (-E exits
// non-zero naming why, nothing travels, cmp shows the shadow partial) and -i says the copy is
// incomplete; nor is a shadow that went offline during an update (immutable: EPERM); a set whose two bitmap headers are garbage can still be disabled (with a
// warning), after which its disk group stops and deports. Copies are slowed with -P.
import { execFileSync } from "node:child_process";
import { closeSync, existsSync, openSync, writeSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HEADER_SLOT_BYTES, HEADER_SLOT_OFFSETS } from "@/engine/bitmap-header";
import { ConsoleCluster, expectOk } from "@/test/support/console-cluster";
import { cmpEqual, writeRandomChunks } from "@/test/support/local-iiadm";

interface SetView {
  shadow: string;
  job: { id: string; state: string } | null;
  progress: { bytesDone: number; bytesTotal: number } | null;
}

describe("incomplete shadows through the console", () => {
  let cluster: ConsoleCluster;
  const iiadm = (...args: string[]) => cluster.cli(["iiadm", "-H", "prod", ...args]);
  const dg = (...args: string[]) => cluster.cli(["dg", "-H", "prod", ...args]);
  const master = () => cluster.volumePath("production", "big");
  const shadow = () => cluster.volumePath("backup", "big");
  const setView = async () =>
    (
      (await cluster.trpcGet("set.info", { host: "prod", target: { kind: "sets", sets: ["backup/big"] } })) as {
        sets: SetView[];
      }
    ).sets[0]!;

  beforeAll(async () => {
    cluster = await ConsoleCluster.start({ hosts: ["prod"], demoSanOwner: "prod" });
    await cluster.createSetVolumes(
      "prod",
      { master: "production/big", shadow: "backup/big", bitmap: "production/big.bmp" },
      "512M",
    );
    writeRandomChunks(master(), 400);
    expectOk(await iiadm("-e", "ind", "production/big", "backup/big", "production/big.bmp"), "enable");
    expectOk(await iiadm("-w", "backup/big"), "wait for the first copy");
    // 100 I/Os of up to 4 MiB, then a 100 s pause: a full copy of 512 MiB stops at 400 MiB.
    expectOk(await iiadm("-P", "10000", "100", "backup/big"), "throttle");
  }, 240_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it("refuses to export a shadow whose copy was aborted part-way, naming why; -i says the copy is incomplete", async () => {
    writeRandomChunks(master(), 200);
    expectOk(await iiadm("-c", "s", "backup/big"), "full copy");
    await expect
      .poll(
        async () => {
          const v = await setView();
          return Boolean(v.progress && v.progress.bytesDone > 0 && v.progress.bytesDone < v.progress.bytesTotal);
        },
        { timeout: 60_000, interval: 200 },
      )
      .toBe(true);
    expectOk(await iiadm("-a", "backup/big"), "abort");
    expect(cmpEqual(master(), shadow())).toBe(false); // really part-way

    const exported = await iiadm("-E", "backup/big");
    expect(exported.status).not.toBe(0);
    expect(exported.stderr).toContain(shadow());
    expect(exported.stderr).toMatch(/not fully copied.*copy not active: the copy to the shadow was aborted/);
    // Nothing left as if exported: no digests travelled, the set is not exported, the shadow still partial.
    expect(existsSync(path.join(cluster.sanDir, "backup", ".pitcrew", "big.digests"))).toBe(false);
    expect(cmpEqual(master(), shadow())).toBe(false);
    await expect
      .poll(async () => (await iiadm("-i", "backup/big")).stdout, { timeout: 30_000, interval: 500 })
      .toMatch(/^Copy incomplete: copy not active: the copy to the shadow was aborted/m);
    const status = (await iiadm("-i", "backup/big")).stdout;
    expect(status).not.toContain("shadow volume exported");
    expect(status).not.toContain("bitmap clean");
    // -w through the console decides from the agent's status (its incomplete field) in the lead's
    // wait-for-sets.ts; the agent's own copy job has already failed naming the abort.
  });

  it("refuses to export a shadow that went offline during an update (the copy flags are cleared then)", async () => {
    writeRandomChunks(master(), 10);
    // An immutable file refuses every write (EPERM): the update ends with the shadow offline.
    execFileSync("chattr", ["+i", shadow()]);
    try {
      // -u returns once the copy has started (as iiadm does), so whether it sees the failure
      // depends on how fast the copy reaches the shadow (after a scan, here, it does not);
      // -w always does.
      await iiadm("-u", "s", "backup/big");
      const waited = await iiadm("-w", "backup/big");
      expect(waited.status).toBe(2);
      expect(waited.stderr).toMatch(/did not complete: the shadow volume went offline during the copy .*EPERM/);
      await expect
        .poll(async () => (await iiadm("-i", "backup/big")).stdout, { timeout: 30_000, interval: 500 })
        .toContain("shadow volume offline");
      const exported = await iiadm("-E", "backup/big");
      expect(exported.status).not.toBe(0);
      expect(exported.stderr).toMatch(
        /not fully copied.*shadow volume went offline during the copy \(target volume .*EPERM/,
      );
      expect(existsSync(path.join(cluster.sanDir, "backup", ".pitcrew", "big.digests"))).toBe(false);
      expect((await iiadm("-i", "backup/big")).stdout).not.toContain("shadow volume exported");
    } finally {
      execFileSync("chattr", ["-i", shadow()]);
    }
    expect(cmpEqual(master(), shadow())).toBe(false);
  });

  it("disables a set whose two bitmap headers are garbage (with a warning), then stops and deports its disk group", async () => {
    expectOk(await iiadm("-e", "ind", "production/vol01", "backup/vol01", "backup/vol01.bmp"), "enable vol01");
    expectOk(await iiadm("-w", "backup/vol01"), "wait for vol01");
    expect(cmpEqual(cluster.volumePath("production", "vol01"), cluster.volumePath("backup", "vol01"))).toBe(true);
    const fd = openSync(cluster.volumePath("backup", "vol01.bmp"), "r+");
    for (const at of HEADER_SLOT_OFFSETS) writeSync(fd, randomBytes(HEADER_SLOT_BYTES), 0, HEADER_SLOT_BYTES, at);
    closeSync(fd);

    const update = await iiadm("-u", "s", "backup/vol01");
    expect(update.status).not.toBe(0);
    expect(update.stderr).toMatch(/no valid header/);
    const reset = await iiadm("-R", "backup/vol01");
    expect(reset.status).not.toBe(0);
    expect(reset.stderr).toMatch(/can't reset.*disable the set/);

    const disabled = expectOk(await iiadm("-d", "backup/vol01"), "disable with damaged headers");
    expect(disabled.stderr).toMatch(
      /warning: .*vol01\.bmp of set .*backup\/vol01 is unusable.*complete point in time .* is unknown/,
    );
    expectOk(await iiadm("-d", "backup/big"), "disable the aborted set too");
    expect(expectOk(await iiadm("-l"), "list").stdout).not.toMatch(/backup\/(vol01|big)/);

    expectOk(await dg("stopall", "backup"), "stopall");
    expectOk(await dg("deport", "backup"), "deport");
  });
});
