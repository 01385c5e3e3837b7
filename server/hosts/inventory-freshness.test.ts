import "@/test/support/test-database"; // first: gives this file its own database
import { beforeEach, describe, expect, it } from "vitest";
import type { Inventory } from "@/lib/agent-protocol";
import { recordHeartbeat } from "@/server/agents/record-heartbeat";
import { prisma } from "@/server/db";
import { getHost } from "@/server/hosts/get-host";
import { claimNextJob } from "@/server/jobs/claim-next-job";
import { createJob } from "@/server/jobs/create-job";
import { finishJob } from "@/server/jobs/finish-job";
import { createTestHost, resetJobTables } from "@/test/support/test-fixtures";

const T = Date.parse("2026-12-07T05:00:00Z");
const inventory = (collectedAt: number, volumes: string[]): Inventory => ({
  roots: ["/san"],
  hooks: [],
  tapeDevices: [],
  sets: [],
  svVolumes: [],
  collectedAt,
  diskGroups: [
    {
      name: "backup",
      dir: "/san/backup",
      owner: "prod",
      importGeneration: 1,
      volumesStarted: true,
      damaged: null,
      volumes: volumes.map((name) => ({
        name,
        path: `/san/backup/${name}`,
        kind: "file" as const,
        sizeBytes: 1 << 20,
        role: "data" as const,
        usedBy: null,
      })),
    },
  ],
});
const heartbeat = (hostId: string, inv: Inventory, now: Date, agentRestarted = false) =>
  recordHeartbeat({
    hostId,
    agentVersion: "t",
    protocolVersion: 1,
    inventory: inv,
    runningJobs: [],
    agentRestarted,
    now,
  });
const storedVolumes = async (name: string) =>
  (await getHost(name)).inventory?.diskGroups[0]?.volumes.map((v) => v.name);

describe("which inventory the console keeps", () => {
  let prod: { id: string; name: string };

  beforeEach(async () => {
    await resetJobTables();
    prod = await createTestHost("prod");
  });

  it("keeps a job's post-job inventory when a heartbeat collected during the job arrives after the finish", async () => {
    await heartbeat(prod.id, inventory(T, []), new Date(T + 100));
    const { id: jobId } = await createJob({
      hostId: prod.id,
      kind: "volume.create",
      args: { diskGroup: "backup", name: "vol01", sizeBytes: 1 << 20 },
      requestedById: null,
    });
    await claimNextJob({ hostId: prod.id });
    const finishedAt = new Date(T + 20_000);
    await finishJob({
      hostId: prod.id,
      jobId,
      attempt: 1,
      outcome: "succeeded",
      inventory: inventory(T + 19_000, ["vol01"]),
      now: finishedAt,
    });
    // Collected at T + 10 s, while the job ran; delivered after the finish.
    await heartbeat(prod.id, inventory(T + 10_000, []), new Date(T + 21_000));

    expect(await storedVolumes("prod")).toEqual(["vol01"]);
    expect(await prisma.volume.count()).toBe(1);
    const host = await getHost("prod");
    expect(host.inventoryAt).toBe(finishedAt.toISOString());
    expect(host.inventory?.collectedAt).toBe(T + 19_000);
    expect((await prisma.job.findUniqueOrThrow({ where: { id: jobId } })).finishedAt).toEqual(finishedAt);
  });

  it("takes the first report of a restarted agent even when its clock reads earlier", async () => {
    await heartbeat(prod.id, inventory(T, ["vol01"]), new Date(T + 100));
    await heartbeat(prod.id, inventory(T - 60_000, []), new Date(T + 5_000), true);
    expect(await storedVolumes("prod")).toEqual([]);
  });

  it("takes a report collected long before the stored one as the agent's clock stepped back", async () => {
    await heartbeat(prod.id, inventory(T, ["vol01"]), new Date(T + 100));
    await heartbeat(prod.id, inventory(T - 3_600_000, []), new Date(T + 5_000));
    expect(await storedVolumes("prod")).toEqual([]);
    expect((await getHost("prod")).inventoryAt).toBe(new Date(T + 5_000).toISOString());
  });

  it("does not rewrite the rows of an identical report, but records that it came", async () => {
    await heartbeat(prod.id, inventory(T, ["vol01", "vol02"]), new Date(T + 100));
    const before = await prisma.volume.findMany({ select: { id: true }, orderBy: { name: "asc" } });
    await heartbeat(prod.id, inventory(T + 60_000, ["vol01", "vol02"]), new Date(T + 60_100));

    expect(await prisma.volume.findMany({ select: { id: true }, orderBy: { name: "asc" } })).toEqual(before);
    const host = await getHost("prod");
    expect(host.inventoryAt).toBe(new Date(T + 60_100).toISOString());
    expect(host.inventory?.collectedAt).toBe(T + 60_000);
    expect((await prisma.diskGroup.findFirstOrThrow({ select: { reportedAt: true } })).reportedAt).toEqual(
      new Date(T + 60_100),
    );
  });
});
