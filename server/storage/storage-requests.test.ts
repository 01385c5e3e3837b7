import "@/test/support/test-database"; // first: this file gets its own database copy
// Storage requests through the tRPC procedures, as an operator: refusals name what is wrong and
// leave no trace (no job, no lock); accepted requests queue a job on resolved paths, conflict on a
// busy set, replay by idempotency key, and show up in set.info.
import { packInventoryDocument } from "@/server/hosts/inventory-document";
import { TRPCError } from "@trpc/server";
import { beforeEach, describe, expect, it } from "vitest";
import type { Inventory } from "@/lib/agent-protocol";
import { prisma } from "@/server/db";
import { createTestUser, resetJobTables } from "@/test/support/test-fixtures";
import { callerAs } from "@/test/support/test-callers";

const GiB = 1 << 30;

function volume(dg: string, name: string, role: "data" | "bitmap" = "data", usedBy: string | null = null) {
  return {
    name,
    path: `/san/${dg}/${name}`,
    kind: "file" as const,
    sizeBytes: role === "bitmap" ? 1 << 20 : GiB,
    role,
    usedBy,
  };
}

function set(master: string, shadow: string, bitmap: string, group: string | null) {
  return {
    shadow,
    master,
    bitmap,
    mode: "ind" as const,
    group,
    clusterTag: null,
    overflow: null,
    suspended: null,
    flags: 0,
    mtime: 1_764_000_000,
    exportId: "",
    sizeFbas: GiB / 512,
    chunks: GiB / 32_768,
    shadowChunksTotal: GiB / 32_768,
    shadowChunksUsed: 0,
    bitsSet: 0,
    shadowBits: 0,
    copyBits: 0,
    throttle: { unit: 256, delay: 2 },
    changeDetection: "scan" as const,
    progress: null,
  };
}

// What an agent on db-01 reports (agent/collect-inventory.ts): two disk groups under /san, two sets.
const inventory: Inventory = {
  roots: ["/san"],
  hooks: [],
  tapeDevices: [],
  diskGroups: [
    {
      name: "production",
      dir: "/san/production",
      owner: "db-01",
      importGeneration: 3,
      volumesStarted: true,
      damaged: null,
      volumes: [
        volume("production", "vol01"),
        volume("production", "vol02", "data", "enabled in set /san/backup/shd02"),
        volume("production", "vol03", "data", "enabled in set /san/backup/shd03"),
      ],
    },
    {
      name: "backup",
      dir: "/san/backup",
      owner: "db-01",
      importGeneration: 1,
      volumesStarted: true,
      damaged: null,
      volumes: [
        volume("backup", "shd01"),
        volume("backup", "bmp01", "bitmap"),
        volume("backup", "shd02", "data", "enabled in set /san/backup/shd02"),
        volume("backup", "bmp02", "bitmap", "enabled in set /san/backup/shd02"),
        volume("backup", "shd03", "data", "enabled in set /san/backup/shd03"),
        volume("backup", "bmp03", "bitmap", "enabled in set /san/backup/shd03"),
      ],
    },
  ],
  sets: [
    set("/san/production/vol02", "/san/backup/shd02", "/san/backup/bmp02", "nightly"),
    set("/san/production/vol03", "/san/backup/shd03", "/san/backup/bmp03", null),
  ],
  svVolumes: [],
  collectedAt: 1_764_000_000_000,
};
const inventoryAt = new Date("2026-11-25T10:00:00.000Z");

let hostId: string;
let operator: ReturnType<typeof callerAs>;
let operatorId: string;

beforeEach(async () => {
  await resetJobTables();
  const user = await createTestUser("olga");
  operatorId = user.id;
  operator = callerAs("operator", user.id);
  hostId = (
    await prisma.host.create({
      data: {
        name: "db-01",
        inventoryGzip: await packInventoryDocument(JSON.stringify(inventory)),
        inventoryAt,
        lastHeartbeat: inventoryAt,
      },
      select: { id: true },
    })
  ).id;
  await prisma.host.create({ data: { name: "db-02" } });
});

async function refusal(request: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error: unknown = await request.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return { code: error.code, message: error.message };
}

const counts = async () => ({ jobs: await prisma.job.count(), locks: await prisma.jobLock.count() });

const enable = {
  host: "db-01",
  type: "ind",
  master: "production/vol01",
  shadow: "backup/shd01",
  bitmap: "backup/bmp01",
} as const;
const copyShd02 = { host: "db-01", target: { kind: "sets" as const, sets: ["backup/shd02"] }, direction: "s" as const };

describe("refused requests name what is wrong and queue nothing", () => {
  // One unrelated job already holds a lock, so "nothing changed" is not just "still zero".
  beforeEach(async () => {
    await operator.diskGroup.startAll({ host: "db-01", diskGroup: "production" });
  });

  it.each([
    [
      "an unknown host",
      () => operator.set.enable({ ...enable, host: "db-99" }),
      "NOT_FOUND",
      "host: db-99 not found (hosts: db-01, db-02)",
    ],
    [
      "an unknown disk group",
      () => operator.set.enable({ ...enable, shadow: "archive/shd01" }),
      "BAD_REQUEST",
      "shadow: archive/shd01 on host db-01: disk group archive not found (disk groups: production, backup)",
    ],
    [
      "an unknown volume",
      () => operator.set.enable({ ...enable, shadow: "backup/shd09" }),
      "BAD_REQUEST",
      "shadow: backup/shd09 on host db-01: no volume shd09 in disk group backup",
    ],
    [
      "an unknown volume in a set list",
      () => operator.set.copy({ ...copyShd02, target: { kind: "sets", sets: ["backup/shd02", "backup/nope"] } }),
      "BAD_REQUEST",
      "target.sets[1]: backup/nope on host db-01: no volume nope in disk group backup",
    ],
    [
      "an unknown volume in a volume list",
      () => operator.sv.enable({ host: "db-01", volumes: ["production/vol01", "production/vol09"] }),
      "BAD_REQUEST",
      "volumes[1]: production/vol09 on host db-01: no volume vol09 in disk group production",
    ],
    [
      "a path outside the roots",
      () => operator.set.enable({ ...enable, master: "/etc/passwd" }),
      "BAD_REQUEST",
      "master: /etc/passwd on host db-01: outside the disk-group roots (/san)",
    ],
    [
      "a path that only shares the root's prefix",
      () => operator.set.enable({ ...enable, bitmap: "/sanity/bmp01" }),
      "BAD_REQUEST",
      "bitmap: /sanity/bmp01 on host db-01: outside the disk-group roots (/san)",
    ],
    [
      "an absolute path with '..'",
      () => operator.set.enable({ ...enable, shadow: "/san/backup/../../etc/shadow" }),
      "BAD_REQUEST",
      "shadow: /san/backup/../../etc/shadow on host db-01: contains '..'",
    ],
    [
      "'..' even when it stays inside the roots",
      () => operator.set.join({ host: "db-01", shadow: "/san/backup/../backup/shd01", bitmap: "backup/bmp01" }),
      "BAD_REQUEST",
      "shadow: /san/backup/../backup/shd01 on host db-01: contains '..'",
    ],
  ])("%s", async (_, request, code, message) => {
    const before = await counts();

    expect(await refusal(request())).toEqual({ code, message });
    expect(await counts()).toEqual(before);
  });

  it("refuses a dg/vol operand that climbs with '..' at input validation", async () => {
    const before = await counts();

    const { code, message } = await refusal(operator.set.enable({ ...enable, master: "../production/vol01" }));

    expect(code).toBe("BAD_REQUEST");
    expect(message).toMatch(/"master"[\s\S]*volume must be dg\/vol or an absolute path/);
    expect(await counts()).toEqual(before);
  });

  it.each([0, -1, 1.5, "1G", null])("refuses volume.create with sizeBytes %j, naming sizeBytes", async (sizeBytes) => {
    const before = await counts();

    const { code, message } = await refusal(
      operator.volume.create({ host: "db-01", diskGroup: "backup", name: "shd04", sizeBytes: sizeBytes as number }),
    );

    expect(code).toBe("BAD_REQUEST");
    expect(message).toMatch(/"path": \[\s*"sizeBytes"\s*\]/);
    expect(await counts()).toEqual(before);
  });

  it.each([
    ["delay", { delay: 1, unit: 256 }],
    ["delay", { delay: 10_001, unit: 256 }],
    ["delay", { delay: 2.5, unit: 256 }],
    ["delay", { delay: "fast", unit: 256 }],
    ["unit", { delay: 2, unit: 99 }],
    ["unit", { delay: 2, unit: 60_001 }],
    ["unit", { delay: 2, unit: -256 }],
  ])("refuses set.params with a bad %s (%j), naming it", async (field, throttle) => {
    const before = await counts();

    const { code, message } = await refusal(
      operator.set.params({
        host: "db-01",
        target: { kind: "sets", sets: ["backup/shd02"] },
        ...(throttle as { delay: number; unit: number }),
      }),
    );

    expect(code).toBe("BAD_REQUEST");
    expect(message).toMatch(new RegExp(`"path": \\[\\s*"${field}"\\s*\\]`));
    expect(await counts()).toEqual(before);
  });
});

describe("accepted requests", () => {
  it("set.enable with dg/vol operands queues a job on the resolved paths, locking the shadow", async () => {
    const job = await operator.set.enable({ ...enable, group: "nightly" });

    expect(job).toMatchObject({
      hostName: "db-01",
      kind: "set.enable",
      state: "queued",
      requestedById: operatorId,
      requestedBy: "olga",
      args: {
        type: "ind",
        master: "/san/production/vol01",
        shadow: "/san/backup/shd01",
        bitmap: "/san/backup/bmp01",
        group: "nightly",
      },
    });
    const locks = await prisma.jobLock.findMany({
      where: { jobId: job.id },
      select: { key: true },
      orderBy: { key: "asc" },
    });
    expect(locks.map((l) => l.key)).toEqual([`${hostId}:group:nightly`, `${hostId}:set:/san/backup/shd01`]);
  });

  it("a second copy of a set with a queued copy is refused naming the set and the job in the way", async () => {
    const first = await operator.set.copy(copyShd02);
    const before = await counts();

    // The other spelling of the same set: both resolve to one lock key.
    const second = await refusal(
      operator.set.update({ ...copyShd02, target: { kind: "sets", sets: ["/san/backup/shd02"] } }),
    );

    expect(second).toEqual({
      code: "CONFLICT",
      message: `set /san/backup/shd02 is busy: job ${first.id} (set.copy, queued) is in the way`,
    });
    expect(await counts()).toEqual(before);
  });

  it("repeating a request with its idempotency key returns the first job, even while that job holds the set", async () => {
    const key = "copy-nightly-2026-11-25";
    const first = await operator.set.copy({ ...copyShd02, idempotencyKey: key });

    const again = await operator.set.copy({
      ...copyShd02,
      target: { kind: "sets", sets: ["/san/backup/shd02"] },
      idempotencyKey: key,
    });

    expect(again.id).toBe(first.id);
    expect(await prisma.job.count()).toBe(1);
    await expect(operator.set.copy({ ...copyShd02, direction: "m", idempotencyKey: key })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining(`Idempotency key "${key}" was already used for job ${first.id}`),
    });
  });

  it("a copy of a group conflicts with a queued job on one of its member sets, and the other way round", async () => {
    const first = await operator.set.copy(copyShd02);
    const before = await counts();

    const groupCopy = await refusal(
      operator.set.update({ host: "db-01", target: { kind: "group", group: "nightly" }, direction: "s" }),
    );

    expect(groupCopy).toEqual({
      code: "CONFLICT",
      message: `set /san/backup/shd02 is busy: job ${first.id} (set.copy, queued) is in the way`,
    });
    expect(await counts()).toEqual(before);
    await operator.job.cancel({ id: first.id });
    const group = await operator.set.update({
      host: "db-01",
      target: { kind: "group", group: "nightly" },
      direction: "s",
    });
    const member = await refusal(
      operator.set.disable({ host: "db-01", target: { kind: "sets", sets: ["backup/shd02"] } }),
    );
    expect(member).toEqual({
      code: "CONFLICT",
      message: `set /san/backup/shd02 is busy: job ${group.id} (set.copy, queued) is in the way`,
    });
  });

  it("abort cancels the copy job holding the set, and refuses to stop a job that also copies sets it was not given", async () => {
    const copy = await operator.set.copy(copyShd02);
    const aborted = await operator.set.abort({ host: "db-01", target: { kind: "sets", sets: ["backup/shd02"] } });
    expect(aborted.job).toBeNull();
    expect(aborted.cancelled.map((j) => [j.id, j.state])).toEqual([[copy.id, "cancelled"]]);

    const both = await operator.set.update({
      host: "db-01",
      target: { kind: "sets", sets: ["backup/shd02", "backup/shd03"] },
      direction: "s",
    });
    const before = await counts();
    const one = await refusal(operator.set.abort({ host: "db-01", target: { kind: "sets", sets: ["backup/shd02"] } }));
    expect(one).toEqual({
      code: "CONFLICT",
      message: `target: job ${both.id} copies /san/backup/shd02 together with /san/backup/shd03; abort them all (their group, or every set) or cancel job ${both.id}`,
    });
    expect(await counts()).toEqual(before);
    const whole = await operator.set.abort({
      host: "db-01",
      target: { kind: "sets", sets: ["backup/shd03", "backup/shd02"] },
    });
    expect(whole.cancelled.map((j) => j.id)).toEqual([both.id]);
  });

  it("set.info returns the inventory's statuses, with the job of the set that has one queued", async () => {
    const job = await operator.set.copy(copyShd02);

    const info = await operator.set.info({ host: "db-01" });

    expect(info.host).toBe("db-01");
    expect(info.inventoryAt).toBe(inventoryAt.toISOString());
    expect(info.sets).toEqual([
      {
        ...inventory.sets[0],
        job: { id: job.id, kind: "set.copy", state: "queued", phase: null, cancelRequested: false },
      },
      { ...inventory.sets[1], job: null },
    ]);
    expect((await operator.set.info({ host: "db-01", target: { kind: "sets", sets: ["backup/shd03"] } })).sets).toEqual(
      [{ ...inventory.sets[1], job: null }],
    );
  });
});
