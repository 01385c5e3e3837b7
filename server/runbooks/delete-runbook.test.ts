import "@/test/support/test-database"; // first: gives this file its own database
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/server/db";
import { applyRunbook } from "@/server/runbooks/apply-runbook";
import { archiveLineage } from "@/server/runbooks/archive-lineage";
import { cancelRun } from "@/server/runbooks/cancel-run";
import { deleteRunbook } from "@/server/runbooks/delete-runbook";
import { getRun } from "@/server/runbooks/get-run";
import { getRunbook, listRuns } from "@/server/runbooks/list-runbooks";
import { resumeRun } from "@/server/runbooks/resume-run";
import { callerAs } from "@/test/support/test-callers";

const spec = (name: string) => ({
  name,
  group: "Backup1",
  productionHost: "prod",
  backupHost: "backup",
  snapshotDiskGroup: "snap",
  quiesceHook: "freeze",
  resumeHook: "thaw",
  backup: { kind: "archive", targetDir: name },
});

interface RunSeed {
  state: string;
  stepKey?: string;
  errorStep?: string | null;
  /** Holders of the snapshot disk group, oldest first (undefined: nobody). */
  custody?: (string | null)[];
  archive?: string;
}

async function seedRun(runbookName: string, seed: RunSeed): Promise<string> {
  const runbook = await prisma.runbook.findUniqueOrThrow({ where: { name: runbookName } });
  const run = await prisma.runbookRun.create({
    data: {
      runbookId: runbook.id,
      runbookName,
      specJson: runbook.specJson,
      state: seed.state,
      trigger: "manual",
      requestedBy: "admin",
      stepKey: seed.stepKey ?? "backup",
      archiveLabel: `${runbookName}-label`,
      errorStep: seed.errorStep ?? null,
      errorMessage: seed.errorStep ? `failed at ${seed.errorStep}` : null,
      finishedAt: ["succeeded", "failed", "cancelled"].includes(seed.state) ? new Date() : null,
    },
  });
  for (const [i, holder] of (seed.custody ?? []).entries()) {
    await prisma.runbookCustody.create({
      data: {
        runId: run.id,
        at: new Date(Date.UTC(2026, 11, 1, 0, i)),
        holder,
        stepKey: "x",
        note: `holder ${holder}`,
      },
    });
  }
  if (seed.archive) {
    await prisma.archive.create({
      data: {
        runbookId: runbook.id,
        runId: run.id,
        hostName: "backup",
        targetDir: runbookName,
        label: `${runbookName}-label`,
        dir: `/archives/${runbookName}/${runbookName}-label`,
        manifestJson: "{}",
        volumes: {
          create: {
            setShadow: seed.archive,
            volume: "s1",
            file: "s1.img",
            sizeBytes: BigInt(8 << 20),
            sha256: "ab".repeat(32),
          },
        },
      },
    });
  }
  return run.id;
}

/** Everything a deletion could touch, to show a refusal changed nothing. */
async function snapshot(name: string) {
  return {
    runbook: await prisma.runbook.findUnique({ where: { name } }),
    runs: await prisma.runbookRun.findMany({ where: { runbookName: name }, orderBy: { id: "asc" } }),
    custody: await prisma.runbookCustody.count({ where: { run: { runbookName: name } } }),
    archives: await prisma.archive.findMany({ where: { run: { runbookName: name } }, include: { volumes: true } }),
  };
}

const auditOf = (name: string) =>
  prisma.auditEntry.findMany({
    where: { action: "runbook.delete", object: `runbook ${name}` },
    orderBy: { at: "asc" },
  });

describe("deleteRunbook", () => {
  let name: string;
  let shadow: string;

  beforeEach(async () => {
    name = `rb-${randomUUID().slice(0, 8)}`;
    shadow = `/san/snap/${name}-s1`;
    await applyRunbook({ spec: spec(name), userId: null });
  });

  it("deletes the runbook and keeps its finished runs and archives, which the set's lineage still lists", async () => {
    const done = await seedRun(name, {
      state: "succeeded",
      stepKey: "resync",
      custody: ["prod", null, "backup", null, "prod"],
      archive: shadow,
    });
    await seedRun(name, { state: "cancelled", custody: ["prod", null] });
    await seedRun(name, { state: "failed", stepKey: "check", errorStep: "check" });

    expect(await deleteRunbook({ name, userId: null, fromAddress: "10.0.0.9" })).toEqual({
      name,
      keptRuns: 3,
      keptArchives: 1,
    });

    expect(await getRunbook(name)).toBeNull();
    expect(await listRuns({ runbookName: name })).toEqual([]);
    const run = await getRun(done);
    expect(run).toMatchObject({ runbookId: null, runbookName: name, state: "succeeded" });
    expect(run.custody.map((c) => c.holder)).toEqual(["prod", null, "backup", null, "prod"]);
    expect(run.archives).toHaveLength(1);
    expect(await archiveLineage(shadow)).toEqual([
      expect.objectContaining({
        runId: done,
        runbookName: name,
        runbookDeleted: true,
        dir: `/archives/${name}/${name}-label`,
        sizeBytes: 8 << 20,
      }),
    ]);
    const [entry] = await auditOf(name);
    expect(entry).toMatchObject({ result: "ok", fromAddress: "10.0.0.9" });
    expect(JSON.parse(entry!.detailJson!)).toMatchObject({
      keptRuns: 3,
      keptArchives: 1,
      spec: { name, group: "Backup1" },
    });
  });

  it("applying the same name again makes a new runbook without the old history", async () => {
    await seedRun(name, { state: "succeeded", archive: shadow });
    await deleteRunbook({ name, userId: null });
    await applyRunbook({ spec: spec(name), userId: null });
    expect((await getRunbook(name))?.lastRun).toBeNull();
    expect(await listRuns({ runbookName: name })).toEqual([]);
    expect(await archiveLineage(shadow)).toEqual([
      expect.objectContaining({ runbookName: name, runbookDeleted: true }),
    ]);
  });

  it.each(["running", "awaiting-approval", "thawing", "cancelling"])(
    "refuses while a run is %s, naming the run, and changes nothing",
    async (state) => {
      const runId = await seedRun(name, { state, custody: ["prod", null, "backup"], archive: shadow });
      const before = await snapshot(name);

      await expect(deleteRunbook({ name, userId: null })).rejects.toMatchObject({
        code: "CONFLICT",
        message:
          `runbook ${name} has run ${runId} ${state} (step backup); snapshot disk group snap is held by host backup, not production host prod: ` +
          `let it finish, or cancel it (pitcrew runbook cancel ${runId}), before deleting the runbook`,
      });
      expect(await snapshot(name)).toEqual(before);
      expect((await auditOf(name)).map((a) => a.result)).toEqual(["refused"]);
    },
  );

  it("refuses while a failed run still holds the disk group on the backup host; once it is cancelled (abandoned) the runbook can go", async () => {
    const runId = await seedRun(name, {
      state: "failed",
      errorStep: "backup",
      custody: ["prod", null, "backup"],
      archive: shadow,
    });
    const before = await snapshot(name);

    await expect(deleteRunbook({ name, userId: null })).rejects.toThrow(
      `runbook ${name} has run ${runId} that failed at step backup and can still be resumed; snapshot disk group snap is held by host backup, ` +
        `not production host prod: resume it to the end, or cancel it to abandon it (pitcrew runbook cancel ${runId}), before deleting the runbook`,
    );
    expect(await snapshot(name)).toEqual(before);

    await cancelRun({ runId, userId: null });
    expect(await deleteRunbook({ name, userId: null })).toMatchObject({ keptRuns: 1, keptArchives: 1 });
    expect((await getRun(runId)).custody.at(-1)?.holder).toBe("backup");
    expect((await auditOf(name)).map((a) => a.result)).toEqual(["refused", "ok"]);
  });

  it("names a deported disk group, and refuses a resumable failed run even with the disk group back on production", async () => {
    const deported = await seedRun(name, { state: "failed", errorStep: "import", custody: ["prod", null] });
    await expect(deleteRunbook({ name, userId: null })).rejects.toThrow(
      `snapshot disk group snap is deported (held by no host), not on production host prod`,
    );
    await cancelRun({ runId: deported, userId: null });

    const atQuiesce = await seedRun(name, { state: "failed", errorStep: "quiesce", custody: ["prod"] });
    await expect(deleteRunbook({ name, userId: null })).rejects.toThrow(
      `runbook ${name} has run ${atQuiesce} that failed at step quiesce and can still be resumed: resume it to the end, or cancel it to abandon it`,
    );
    expect(await getRunbook(name)).not.toBeNull();
  });

  it("refuses an unknown runbook by name", async () => {
    await expect(deleteRunbook({ name: "no-such-runbook", userId: null })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "runbook: no-such-runbook not found",
    });
    expect((await auditOf("no-such-runbook")).map((a) => a.result)).toEqual(["refused"]);
  });

  it("a run whose runbook was deleted cannot be resumed", async () => {
    const runId = await seedRun(name, { state: "failed", errorStep: "quiesce" });
    await prisma.runbookRun.update({ where: { id: runId }, data: { runbookId: null } });
    await expect(resumeRun({ runId, userId: null })).rejects.toThrow(
      `run ${runId} belongs to runbook ${name}, which was deleted; it can no longer be resumed`,
    );
  });

  it("runbook.delete answers an operator with CONFLICT and the message, or with what it kept", async () => {
    const runId = await seedRun(name, { state: "running", stepKey: "update", custody: ["prod"] });
    await expect(callerAs("operator").runbook.delete({ name })).rejects.toMatchObject({
      code: "CONFLICT",
      message: `runbook ${name} has run ${runId} running (step update): let it finish, or cancel it (pitcrew runbook cancel ${runId}), before deleting the runbook`,
    });
    await prisma.runbookRun.update({ where: { id: runId }, data: { state: "succeeded" } });
    expect(await callerAs("operator").runbook.delete({ name })).toEqual({ name, keptRuns: 1, keptArchives: 0 });
  });
});
