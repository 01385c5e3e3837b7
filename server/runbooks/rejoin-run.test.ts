import "@/test/support/test-database"; // first: gives this file its own database
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/server/db";
import { applyRunbook } from "@/server/runbooks/apply-runbook";
import { rejoinRun } from "@/server/runbooks/rejoin-run";

const spec = (name: string) => ({
  name,
  group: "Backup1",
  productionHost: "prod",
  backupHost: "backup",
  snapshotDiskGroup: "snap",
  quiesceHook: "freeze",
  resumeHook: "thaw",
  approveRejoin: true,
  backup: { kind: "archive", targetDir: name },
});

/** A finished run that went through `steps`, created `minutesAgo` minutes ago. */
async function seedRun(
  runbookName: string,
  state: string,
  steps: string[],
  minutesAgo = 10,
  extra: { rejoinedAt?: Date; rejoinRequestedAt?: Date } = {},
): Promise<string> {
  const runbook = await prisma.runbook.findUniqueOrThrow({ where: { name: runbookName } });
  const last = steps.at(-1) ?? "prepare";
  const run = await prisma.runbookRun.create({
    data: {
      runbookId: runbook.id,
      runbookName,
      specJson: runbook.specJson,
      state,
      trigger: "manual",
      requestedBy: "admin",
      stepKey: last,
      archiveLabel: `${runbookName}-label`,
      errorStep: state === "succeeded" ? null : last,
      errorMessage:
        state === "cancelled" ? "cancelled by an operator" : state === "failed" ? `failed at ${last}` : null,
      createdAt: new Date(Date.now() - minutesAgo * 60_000),
      finishedAt: ["succeeded", "failed", "cancelled"].includes(state) ? new Date() : null,
      ...extra,
    },
  });
  for (const [i, key] of steps.entries()) {
    await prisma.runbookStep.create({
      data: {
        runId: run.id,
        key,
        attempt: 1,
        hostName: ["import", "backup", "release"].includes(key) ? "backup" : "prod",
        actionsJson: "[]",
        state: i === steps.length - 1 && state !== "succeeded" ? "cancelled" : "succeeded",
        startedAt: new Date(),
      },
    });
  }
  return run.id;
}

const runRow = (id: string) => prisma.runbookRun.findUniqueOrThrow({ where: { id } });
const auditOf = (id: string) =>
  prisma.auditEntry.findMany({ where: { action: "runbook.rejoin", object: `run ${id}` }, orderBy: { at: "asc" } });

describe("rejoinRun: bring a cancelled run's shadows home", () => {
  let name: string;
  const upToBackup = ["prepare", "quiesce", "update", "resume", "export", "import", "backup"];

  beforeEach(async () => {
    name = `rb-${randomUUID().slice(0, 8)}`;
    await applyRunbook({ spec: spec(name), userId: null });
  });

  it("sends a run cancelled after its export through release and rejoin, past the approval gate, and audits it", async () => {
    const id = await seedRun(name, "cancelled", upToBackup);
    const summary = await rejoinRun({ runId: id, userId: null, username: "op1", fromAddress: "10.0.0.7" });
    expect(summary).toMatchObject({
      id,
      state: "running",
      stepKey: "release",
      approvedBy: "op1",
      rejoinedAt: null,
      finishedAt: null,
      cancelRequestedAt: null,
    });
    expect(summary.rejoinRequestedAt).not.toBeNull();
    // Why the run was cancelled stays on record.
    expect(summary.error?.message).toBe("cancelled by an operator");
    const audit = await auditOf(id);
    expect(audit.map((a) => [a.result, a.fromAddress])).toEqual([["ok", "10.0.0.7"]]);
  });

  it("refuses, naming why and changing nothing: a run that never left production, a failed, active or succeeded run, one already home, an older run", async () => {
    const early = await seedRun(name, "cancelled", ["prepare", "quiesce", "update"], 50);
    const failed = await seedRun(name, "failed", upToBackup, 40);
    const done = await seedRun(name, "succeeded", [...upToBackup, "release", "rejoin"], 30);
    const home = await seedRun(name, "cancelled", [...upToBackup, "release", "rejoin"], 20, {
      rejoinRequestedAt: new Date(),
      rejoinedAt: new Date("2026-12-04T06:00:00Z"),
    });
    const older = await seedRun(name, "cancelled", upToBackup, 15);
    const active = await seedRun(name, "running", upToBackup, 5);
    const cases: [string, string][] = [
      [
        early,
        `run ${early} was cancelled at step update, before it exported anything: its shadows never left host prod`,
      ],
      [
        failed,
        `run ${failed} failed; resume it to finish the backup, or abandon it (cancel) first, then bring its shadows home`,
      ],
      [done, `run ${done} is succeeded; only a cancelled run's shadows are brought home this way`],
      [home, `run ${home}'s shadows were brought home at 2026-12-04T06:00:00.000Z`],
      [older, `run ${active} of runbook ${name} is active; one run at a time`],
      [active, `run ${active} is running; only a cancelled run's shadows are brought home this way`],
    ];
    for (const [id, message] of cases) {
      const before = await runRow(id);
      await expect(rejoinRun({ runId: id, userId: null, username: "op1" })).rejects.toThrow(message);
      expect(await runRow(id)).toEqual(before);
      expect((await auditOf(id)).map((a) => a.result)).toEqual(["refused"]);
    }
    await prisma.runbookRun.update({ where: { id: active }, data: { state: "succeeded" } });
    await expect(rejoinRun({ runId: older, userId: null, username: "op1" })).rejects.toThrow(
      `run ${active} of runbook ${name} started after it; only the latest run's shadows can be brought home this way`,
    );
    await expect(rejoinRun({ runId: "nope", userId: null, username: "op1" })).rejects.toThrow("run: nope not found");
  });

  it("brings home the run of a deleted runbook too (the run keeps its spec)", async () => {
    const id = await seedRun(name, "cancelled", upToBackup);
    await prisma.runbook.delete({ where: { name } });
    expect((await runRow(id)).runbookId).toBeNull();
    expect((await rejoinRun({ runId: id, userId: null, username: "op1" })).state).toBe("running");
  });
});

describe("rejoinRun without the backup host (gone for good)", () => {
  let name: string;
  const upToBackup = ["prepare", "quiesce", "update", "resume", "export", "import", "backup"];
  const heartbeat = (at: Date | null) =>
    prisma.host.upsert({
      where: { name: "backup" },
      update: { lastHeartbeat: at },
      create: { name: "backup", lastHeartbeat: at },
    });

  beforeEach(async () => {
    name = `rb-${randomUUID().slice(0, 8)}`;
    await applyRunbook({ spec: spec(name), userId: null });
  });

  it("is refused while the backup host is online, changing nothing", async () => {
    await heartbeat(new Date());
    const id = await seedRun(name, "cancelled", upToBackup);
    const before = await runRow(id);
    await expect(rejoinRun({ runId: id, userId: null, username: "op1", withoutBackupHost: true })).rejects.toThrow(
      /^host backup is online \(last heartbeat .*\): bring the shadows home with it, so that it releases them first$/,
    );
    expect(await runRow(id)).toEqual(before);
    expect((await auditOf(id)).map((a) => a.result)).toEqual(["refused"]);
  });

  it("goes straight to the rejoin step, marked forced, once the backup host is silent", async () => {
    await heartbeat(new Date(Date.now() - 10 * 60_000));
    const id = await seedRun(name, "cancelled", upToBackup);
    const summary = await rejoinRun({ runId: id, userId: null, username: "op1", withoutBackupHost: true });
    expect(summary).toMatchObject({ id, state: "running", stepKey: "rejoin", rejoinForced: true, approvedBy: "op1" });
    expect(summary.error?.message).toBe("cancelled by an operator");
    const [audit] = await auditOf(id);
    expect(JSON.parse(audit!.detailJson ?? "{}")).toMatchObject({ withoutBackupHost: true });
  });

  it("takes over a rejoin that failed because the backup host is gone; a plain rejoin of it is refused, naming both ways on", async () => {
    await heartbeat(null);
    const id = await seedRun(name, "failed", [...upToBackup, "release"], 10, { rejoinRequestedAt: new Date() });
    await expect(rejoinRun({ runId: id, userId: null, username: "op1" })).rejects.toThrow(
      `run ${id} failed while bringing its shadows home; resume it once the cause is fixed, or, if host backup is gone for good, bring them home without it`,
    );
    const summary = await rejoinRun({ runId: id, userId: null, username: "op1", withoutBackupHost: true });
    expect(summary).toMatchObject({
      state: "running",
      stepKey: "rejoin",
      rejoinForced: true,
      error: null,
      finishedAt: null,
    });
  });

  it("still refuses a failed run that was not bringing its shadows home: abandon it first", async () => {
    await heartbeat(null);
    const id = await seedRun(name, "failed", upToBackup);
    const before = await runRow(id);
    await expect(rejoinRun({ runId: id, userId: null, username: "op1", withoutBackupHost: true })).rejects.toThrow(
      `run ${id} failed; resume it to finish the backup, or abandon it (cancel) first, then bring its shadows home`,
    );
    expect(await runRow(id)).toEqual(before);
  });
});
