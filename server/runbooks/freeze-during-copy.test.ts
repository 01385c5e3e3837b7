import "@/test/support/test-database"; // first: gives this file its own database
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import type { Inventory } from "@/lib/agent-protocol";
import { recordHeartbeat } from "@/server/agents/record-heartbeat";
import { prisma } from "@/server/db";
import { claimNextJob } from "@/server/jobs/claim-next-job";
import { createTestHost, resetJobTables } from "@/test/support/test-fixtures";
import { advanceRun } from "@/server/runbooks/advance-run";
import { applyRunbook } from "@/server/runbooks/apply-runbook";
import { seedInventory } from "@/test/support/seed-inventory";

// The run driver around the update (docs/consistency-modes.md; the runbook in README): the agents are played
// here by writing the jobs' states, results and events into the database the way they would.

const SCAN_REASON = "master /san/production/vol02: ext4 cannot share blocks";

function productionInventory(modes: ("instant" | "scan")[]): Inventory {
  const inv = seedInventory({ vols: 2, enabled: 2 });
  inv.sets.forEach((s, i) => {
    s.consistency =
      modes[i] === "instant"
        ? { mode: "instant", mechanism: "xfs-reflink", reason: null, requested: "auto" }
        : { mode: "scan", mechanism: null, reason: SCAN_REASON, requested: "auto" };
  });
  return inv;
}

const heartbeat = (hostId: string, inventory: Inventory) =>
  recordHeartbeat({ hostId, agentVersion: "t", protocolVersion: 1, inventory, runningJobs: [], now: new Date() });

const runRow = (id: string) => prisma.runbookRun.findUniqueOrThrow({ where: { id } });
const stepOf = (runId: string, key: string) =>
  prisma.runbookStep.findFirstOrThrow({ where: { runId, key }, orderBy: { attempt: "desc" } });
const jobIdsOf = async (runId: string, key: string) => JSON.parse((await stepOf(runId, key)).jobIdsJson) as string[];
const logOf = async (runId: string, key: string) =>
  (JSON.parse((await stepOf(runId, key)).logJson) as { message: string }[]).map((l) => l.message);

async function startJob(jobId: string, startedAt = new Date()) {
  await prisma.job.update({
    where: { id: jobId },
    data: { state: "running", attempt: 1, startedAt, leaseExpiresAt: new Date(Date.now() + 60_000) },
  });
}
async function endJob(
  jobId: string,
  state: "succeeded" | "failed",
  result: Record<string, unknown> | null,
  finishedAt = new Date(),
) {
  await prisma.job.update({
    where: { id: jobId },
    data: {
      state,
      finishedAt,
      resultJson: result && JSON.stringify(result),
      ...(state === "failed" ? { errorCode: "COPY_EIO", errorMessage: "read error on vol01" } : {}),
    },
  });
}
async function pointInTimeEvent(jobId: string, at: number, modes: ("instant" | "scan")[]) {
  const sets = modes.map((mode, i) => ({
    set: `/san/backup/vol0${i + 1}`,
    mode,
    cloneMs: mode === "instant" ? 4 : null,
  }));
  await prisma.jobEvent.create({
    data: {
      jobId,
      attempt: 1,
      seq: 7,
      at: new Date(at),
      type: "point-in-time",
      pointInTimeJson: JSON.stringify({ at, sets }),
    },
  });
}

describe("the run driver resumes the application once the update's point in time is all clones", () => {
  let prod: { id: string };
  let name: string;

  /** A run at its update step, the application quiesced 2 s ago; the update's copy job issued and claimed. */
  async function runAtUpdate(modes: ("instant" | "scan")[]): Promise<{ runId: string; copyJobId: string }> {
    await heartbeat(prod.id, productionInventory(modes));
    const runbook = await prisma.runbook.findUniqueOrThrow({ where: { name } });
    const sets = [1, 2].map((i) => ({
      master: `/san/production/vol0${i}`,
      shadow: `/san/backup/vol0${i}`,
      bitmap: `/san/production/vol0${i}.bmp`,
      shadowRef: `backup/vol0${i}`,
      secondaryBitmapRef: `backup/vol0${i}.bmp`,
      enabled: true,
    }));
    const run = await prisma.runbookRun.create({
      data: {
        runbookId: runbook.id,
        runbookName: name,
        specJson: runbook.specJson,
        setsJson: JSON.stringify(sets),
        trigger: "manual",
        requestedBy: "admin",
        stepKey: "update",
        archiveLabel: `${name}-1`,
        frozenSince: new Date(Date.now() - 2_000),
      },
    });
    await advanceRun(run.id);
    const [copyJobId] = await jobIdsOf(run.id, "update");
    expect(copyJobId).toBeDefined();
    await startJob(copyJobId!);
    return { runId: run.id, copyJobId: copyJobId! };
  }

  beforeEach(async () => {
    await resetJobTables();
    prod = await createTestHost("prod");
    const backup = await createTestHost("backup");
    await heartbeat(backup.id, seedInventory({ vols: 2 }));
    name = `rb-${randomUUID().slice(0, 8)}`;
    await applyRunbook({
      spec: {
        name,
        group: "Backup1",
        productionHost: "prod",
        backupHost: "backup",
        snapshotDiskGroup: "backup",
        quiesceHook: "freeze",
        resumeHook: "thaw",
        backup: { kind: "archive", targetDir: "/archive" },
      },
      userId: null,
    });
  });

  it("issues the resume hook while the copy goes on, takes in its freeze at once, and adopts it in the resume step", async () => {
    const { runId, copyJobId } = await runAtUpdate(["instant", "instant"]);
    await advanceRun(runId);
    expect((await runRow(runId)).resumeJobId).toBeNull(); // no point in time reported yet: still quiesced

    const pitAt = Date.now() - 1_500;
    await pointInTimeEvent(copyJobId, pitAt, ["instant", "instant"]);
    await advanceRun(runId);
    const { resumeJobId } = await runRow(runId);
    expect(resumeJobId).not.toBeNull();
    const resume = await prisma.job.findUniqueOrThrow({ where: { id: resumeJobId! } });
    expect(resume.kind).toBe("hook.run");
    expect(JSON.parse(resume.argsJson)).toMatchObject({ hook: "thaw", purpose: "resume" });
    expect(await logOf(runId, "update")).toContainEqual(
      expect.stringMatching(
        /^point in time taken: 2 set\(s\) cloned in 4 ms at most; resume hook thaw issued at once \(job \S+\) while the copy goes on$/,
      ),
    );
    // A busy agent's second lane claims it beside the copy, and nothing else.
    expect((await claimNextJob({ hostId: prod.id, only: "resume" }))?.id).toBe(resumeJobId);

    await endJob(resumeJobId!, "succeeded", { hook: "thaw", purpose: "resume", frozenMs: 2_300, resumedByAgent: null });
    await advanceRun(runId);
    expect(await runRow(runId)).toMatchObject({ frozenSince: null, frozenMs: 2_300, stepKey: "update", copyMs: null });

    const copyStart = (await prisma.job.findUniqueOrThrow({ where: { id: copyJobId } })).startedAt!;
    await endJob(copyJobId, "succeeded", { sets: [] }, new Date(copyStart.getTime() + 40_000));
    await advanceRun(runId);
    const run = await runRow(runId);
    // The resume step took the hook already run (no second resume, no second count of the freeze) and the run went on.
    expect(run).toMatchObject({
      stepKey: "export",
      frozenMs: 2_300,
      copyMs: 40_000,
      resumeJobId: null,
      warningsJson: "[]",
    });
    expect(run.pointInTime?.getTime()).toBe(pitAt);
    expect(await jobIdsOf(runId, "resume")).toEqual([resumeJobId]);
    expect((await stepOf(runId, "resume")).state).toBe("succeeded");
    expect(await prisma.job.count({ where: { kind: "hook.run" } })).toBe(1);
  });

  it("keeps the application quiesced until the copy ends when a set scans, and warns about it on the run", async () => {
    const { runId, copyJobId } = await runAtUpdate(["instant", "scan"]);
    const warning = `set /san/backup/vol02 is in scan mode (${SCAN_REASON}): the application stays frozen for a full read of its master`;
    expect(JSON.parse((await runRow(runId)).warningsJson)).toEqual([warning]);
    expect(await logOf(runId, "update")).toContain(warning);

    await pointInTimeEvent(copyJobId, Date.now(), ["instant", "scan"]);
    await advanceRun(runId);
    expect(await runRow(runId)).toMatchObject({ resumeJobId: null, warningsJson: JSON.stringify([warning]) });
    expect(await prisma.job.count({ where: { kind: "hook.run" } })).toBe(0);

    const finishedAt = new Date();
    await endJob(copyJobId, "succeeded", { sets: [] }, finishedAt);
    await advanceRun(runId);
    const run = await runRow(runId);
    expect(run.stepKey).toBe("resume");
    expect(run.pointInTime?.getTime()).toBe(finishedAt.getTime()); // the end of the copy under quiesce
    const [resumeJobId] = await jobIdsOf(runId, "resume");
    const resume = await prisma.job.findUniqueOrThrow({ where: { id: resumeJobId! } });
    expect(JSON.parse(resume.argsJson)).toMatchObject({ hook: "thaw", purpose: "resume" });
  });

  it("records the scan-mode sets the copy reports that the inventory showed instant", async () => {
    const { runId, copyJobId } = await runAtUpdate(["instant", "instant"]);
    await pointInTimeEvent(copyJobId, Date.now(), ["scan", "instant"]);
    await advanceRun(runId);
    expect(JSON.parse((await runRow(runId)).warningsJson)).toEqual([
      "set /san/backup/vol01 is in scan mode (this update could not clone its master): the application stays frozen for a full read of its master",
    ]);
    expect((await runRow(runId)).resumeJobId).toBeNull();
  });

  it("thaws with the resume already issued when the copy fails after the point in time, and fails the run", async () => {
    const { runId, copyJobId } = await runAtUpdate(["instant", "instant"]);
    await pointInTimeEvent(copyJobId, Date.now(), ["instant", "instant"]);
    await advanceRun(runId);
    const { resumeJobId } = await runRow(runId);
    await endJob(copyJobId, "failed", null);
    await advanceRun(runId);
    expect(await runRow(runId)).toMatchObject({ state: "thawing", thawJobId: resumeJobId, resumeJobId: null });

    await endJob(resumeJobId!, "succeeded", { hook: "thaw", purpose: "resume", frozenMs: 1_100, resumedByAgent: null });
    await advanceRun(runId);
    const run = await runRow(runId);
    expect(run).toMatchObject({
      state: "failed",
      frozenSince: null,
      frozenMs: 1_100,
      errorStep: "update",
      errorCode: "COPY_EIO",
    });
    expect(run.errorMessage).toMatch(/read error on vol01.*; resume hook thaw ran \(application frozen 1\.1 s\)$/);
    expect(await prisma.job.count({ where: { kind: "hook.run" } })).toBe(1);
  });

  it("fails the run at the resume step when the agent had thawed on its own before the resume came (freeze budget)", async () => {
    const { runId, copyJobId } = await runAtUpdate(["instant", "instant"]);
    await pointInTimeEvent(copyJobId, Date.now(), ["instant", "instant"]);
    await advanceRun(runId);
    const { resumeJobId } = await runRow(runId);
    const byAgent = { resumeHook: "thaw", frozenMs: 9_000, reason: "the freeze budget of 9 s ran out", error: null };
    await endJob(resumeJobId!, "succeeded", {
      hook: "thaw",
      purpose: "resume",
      frozenMs: 9_000,
      resumedByAgent: byAgent,
    });
    await advanceRun(runId);
    expect((await runRow(runId)).frozenSince).not.toBeNull(); // not taken in during the copy: the resume step judges it
    await endJob(copyJobId, "succeeded", { sets: [] });
    await advanceRun(runId);
    expect(await runRow(runId)).toMatchObject({
      state: "failed",
      errorStep: "resume",
      errorCode: "FREEZE_BUDGET_EXCEEDED",
      frozenSince: null,
      frozenMs: 9_000,
    });
  });
});
