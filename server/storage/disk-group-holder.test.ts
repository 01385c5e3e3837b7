import "@/test/support/test-database"; // first: gives this file its own database
import { beforeEach, describe, expect, it } from "vitest";
import type { Inventory } from "@/lib/agent-protocol";
import { recordHeartbeat } from "@/server/agents/record-heartbeat";
import { claimNextJob } from "@/server/jobs/claim-next-job";
import { createJob } from "@/server/jobs/create-job";
import { finishJob } from "@/server/jobs/finish-job";
import { createTestHost, resetJobTables } from "@/test/support/test-fixtures";
import { getDiskGroupDetail } from "@/server/storage/disk-group-detail";
import { listDiskGroupsEverywhere } from "@/server/storage/list-disk-groups-everywhere";
import { listHostDiskGroups } from "@/server/storage/list-host-disk-groups";

let clock = Date.parse("2026-12-07T05:00:00Z");
const tick = () => new Date((clock += 1_000));
const inventory = (groups: Record<string, string | null>): Inventory => ({
  roots: ["/san"],
  hooks: [],
  tapeDevices: [],
  sets: [],
  svVolumes: [],
  collectedAt: clock,
  diskGroups: Object.entries(groups).map(([name, owner]) => ({
    name,
    dir: `/san/${name}`,
    owner,
    importGeneration: 1,
    volumesStarted: owner !== null,
    damaged: null,
    volumes: [
      {
        name: "vol01",
        path: `/san/${name}/vol01`,
        kind: "file" as const,
        sizeBytes: 1 << 20,
        role: "data" as const,
        usedBy: null,
      },
    ],
  })),
});
const report = (hostId: string, groups: Record<string, string | null>) =>
  recordHeartbeat({
    hostId,
    agentVersion: "t",
    protocolVersion: 1,
    inventory: inventory(groups),
    runningJobs: [],
    now: tick(),
  });

async function runDgJob(
  host: { id: string },
  kind: "dg.import" | "dg.deport" | "dg.create",
  diskGroup: string,
  after: Record<string, string | null>,
) {
  const { id } = await createJob({ hostId: host.id, kind, args: { diskGroup }, requestedById: null });
  await claimNextJob({ hostId: host.id });
  await finishJob({
    hostId: host.id,
    jobId: id,
    attempt: 1,
    outcome: "succeeded",
    inventory: inventory(after),
    now: tick(),
  });
  return id;
}
const everywhere = async (name: string) => (await listDiskGroupsEverywhere()).find((g) => g.name === name);

describe("the console's record of disk-group holders", () => {
  let prod: { id: string; name: string };
  let backup: { id: string; name: string };

  beforeEach(async () => {
    await resetJobTables();
    prod = await createTestHost("prod");
    backup = await createTestHost("backup");
  });

  it("keeps the importer a job recorded when another host's report claims the group, and shows the claim as a conflict", async () => {
    const jobId = await runDgJob(prod, "dg.import", "snap", { snap: "prod" });
    await report(backup.id, { snap: "backup" }); // backup's credential claims it

    expect(await everywhere("snap")).toMatchObject({
      owner: "prod",
      ownerSource: "console",
      record: { holder: "prod", source: "job", jobId },
      conflicts: [{ host: "backup", claims: "backup" }],
    });
    expect(await getDiskGroupDetail("snap")).toMatchObject({
      owner: "prod",
      reportedBy: "prod",
      conflicts: [{ host: "backup", claims: "backup" }],
    });
    expect(await listHostDiskGroups("backup")).toMatchObject([
      {
        name: "snap",
        owner: "backup",
        recordedOwner: "prod",
        ownerSource: "console",
        conflict: "backup reports it held by backup; the console's record says held by prod",
      },
    ]);
    expect((await listHostDiskGroups("prod"))[0]).toMatchObject({ recordedOwner: "prod", conflict: null });
  });

  it("records a deport through the console, and a later claim to the group is a conflict", async () => {
    await runDgJob(prod, "dg.create", "snap", { snap: "prod" });
    await runDgJob(prod, "dg.deport", "snap", { snap: null });
    await report(backup.id, { snap: "backup" });
    expect(await everywhere("snap")).toMatchObject({
      owner: null,
      ownerSource: "console",
      conflicts: [{ host: "backup", claims: "backup" }],
    });
  });

  it("takes the holder of a group imported outside the console from the first report, says so, and lets only that holder give it up", async () => {
    await report(prod.id, { legacy: "prod" });
    expect(await everywhere("legacy")).toMatchObject({
      owner: "prod",
      ownerSource: "host-report",
      record: { source: "report", reportedBy: "prod" },
      conflicts: [],
    });

    await report(backup.id, { legacy: "backup" });
    expect(await everywhere("legacy")).toMatchObject({
      owner: "prod",
      conflicts: [{ host: "backup", claims: "backup" }],
    });

    // prod itself now sees backup holding it (a `pitcrew dg --local import -C` there): the record follows prod's own word.
    await report(prod.id, { legacy: "backup" });
    expect(await everywhere("legacy")).toMatchObject({ owner: "backup", ownerSource: "host-report", conflicts: [] });
  });
});
