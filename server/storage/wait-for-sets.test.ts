import "@/test/support/test-database"; // first: this file gets its own database copy
// iiadm -w through the console, against the real SQLite database: what set.wait concludes from
// the jobs and the host's reports, and when it refuses to conclude.
import { beforeEach, describe, expect, it } from "vitest";
import type { Inventory } from "@/lib/agent-protocol";
import { DSW_COPYINGM, DSW_GOLDEN } from "@/lib/dsw-flags";
import { prisma } from "@/server/db";
import { resetJobTables } from "@/test/support/test-fixtures";
import { setWaitStates } from "@/server/storage/wait-for-sets";
import { seedInventory } from "@/test/support/seed-inventory";
import { packInventoryDocument } from "@/server/hosts/inventory-document";

const t0 = new Date("2026-12-07T05:00:00.000Z");
const seconds = (s: number) => new Date(t0.getTime() + s * 1000);
let hostId: string;

async function report(inventory: Inventory, at: Date) {
  await prisma.host.update({
    where: { id: hostId },
    data: {
      inventoryGzip: await packInventoryDocument(JSON.stringify(inventory)),
      inventoryAt: at,
      lastHeartbeat: new Date(),
    },
  });
}

async function job(state: string, startedAt: Date | null, finishedAt: Date | null, lockKey?: string) {
  return prisma.job.create({
    data: {
      hostId,
      kind: "set.copy",
      argsJson: "{}",
      state,
      deadlineSeconds: 3600,
      startedAt,
      finishedAt,
      ...(lockKey ? { locks: { create: { key: `${hostId}:${lockKey}` } } } : {}),
    },
  });
}

const wait = (sets: string[]) => setWaitStates("prod", { kind: "sets", sets });

beforeEach(async () => {
  await resetJobTables();
  hostId = (await prisma.host.create({ data: { name: "prod" }, select: { id: true } })).id;
  await report(seedInventory({ enabled: 2 }), t0);
});

describe("set.wait", () => {
  it("is done and complete for a set whose host reported after its last job", async () => {
    await job("succeeded", seconds(-60), seconds(-1));
    const state = await wait(["backup/vol01"]);
    expect(state.done).toBe(true);
    expect(state.sets[0]!.verdict).toEqual({ state: "complete" });
  });

  it("does not conclude from a report older than a job that ended interrupted, and asks the agent for a new one", async () => {
    await job("interrupted", seconds(-30), seconds(5));
    const state = await wait(["backup/vol01"]);
    expect(state.done).toBe(false);
    expect(state.sets[0]!.verdict).toMatchObject({
      state: "unknown",
      why: expect.stringMatching(/ended interrupted .* has not reported its sets since/),
    });
    expect((await prisma.host.findUniqueOrThrow({ where: { id: hostId } })).inventoryWantedAt).not.toBeNull();
    // The host reports again: the copy it had left is incomplete.
    const after = seedInventory({ enabled: 2 });
    after.sets[0]!.flags = DSW_GOLDEN | DSW_COPYINGM;
    await report(after, seconds(6));
    const settled = await wait(["backup/vol01"]);
    expect(settled.done).toBe(true);
    expect(settled.sets[0]!.verdict).toMatchObject({
      state: "incomplete",
      why: expect.stringContaining("copy not active"),
    });
  });

  it("ignores a job cancelled before any agent claimed it (it changed nothing on the host)", async () => {
    await job("cancelled", null, seconds(5));
    expect((await wait(["backup/vol01"])).done).toBe(true);
  });

  it("waits for a set that is being enabled and is in no report yet, instead of calling it unknown", async () => {
    await report(seedInventory({ enabled: 0 }), t0);
    await job("running", seconds(-1), null, "set:/san/backup/vol01");
    const state = await wait(["backup/vol01"]);
    expect(state.done).toBe(false);
    expect(state.sets[0]).toMatchObject({ shadow: "/san/backup/vol01", verdict: { state: "running" } });
    // With no job and a current report, it is not a set: refused, naming it.
    await prisma.job.deleteMany();
    await expect(wait(["backup/vol01"])).rejects.toThrow("backup/vol01 is not an Instant Image set on host prod");
  });

  it("waits for a group whose only set is being enabled, and for every set with all", async () => {
    await report(seedInventory({ enabled: 0 }), t0);
    await job("running", seconds(-1), null, "group:Backup1");
    expect((await setWaitStates("prod", { kind: "group", group: "Backup1" })).done).toBe(false);
    await prisma.job.deleteMany();
    await job("running", seconds(-1), null, "set:/san/backup/vol09");
    const all = await setWaitStates("prod", { kind: "all" });
    expect(all.done).toBe(false);
    expect(all.sets.map((s) => s.shadow)).toContain("/san/backup/vol09");
  });
});
