import "@/test/support/test-database"; // first: gives this file its own database
import { describe, expect, it } from "vitest";
import type { RunbookAction } from "@/lib/runbook-steps";
import { prisma } from "@/server/db";
import { takeInJobResult } from "@/server/runbooks/job-effects";
import type { JobOutcome } from "@/server/runbooks/job-outcome";
import { createTestRun, testSpec } from "@/test/support/run-test-fixtures";

const now = new Date("2026-03-01T02:00:10Z");
const outcome = (result: Record<string, unknown>, over: Partial<JobOutcome> = {}): JobOutcome => ({
  jobId: "job1",
  result,
  startedAt: new Date("2026-03-01T02:00:00Z"),
  finishedAt: new Date("2026-03-01T02:00:04Z"),
  pointInTime: null,
  ...over,
});
const quiesce: RunbookAction = {
  host: "prod",
  kind: "hook.run",
  args: { hook: "freeze", purpose: "quiesce" },
  label: "quiesce (hook freeze)",
};
const resume: RunbookAction = {
  host: "prod",
  kind: "hook.run",
  args: { hook: "thaw", purpose: "resume" },
  label: "resume (hook thaw)",
};
const copy: RunbookAction = { host: "prod", kind: "set.copy", args: {}, label: "update" };

describe("takeInJobResult: what a finished job means for its run", () => {
  it("a quiesce starts a new freeze, dropping a resume issued during an earlier attempt", async () => {
    const run = await createTestRun({ stepKey: "quiesce", resumeJobId: "old" });
    const effects = takeInJobResult(
      run,
      "quiesce",
      quiesce,
      outcome({ frozenSince: "2026-03-01T02:00:01.000Z", freezeBudgetSeconds: 30 }),
      now,
    );
    expect(effects).toEqual({
      run: { frozenSince: new Date("2026-03-01T02:00:01Z"), resumeJobId: null },
      log: ["application quiesced; the agent thaws it after 30 s at the latest"],
    });
  });

  it("a resume counts the freeze; one the agent did by itself fails the run with FREEZE_BUDGET_EXCEEDED", async () => {
    const run = await createTestRun({
      stepKey: "resume",
      frozenSince: new Date("2026-03-01T02:00:00Z"),
      frozenMs: 1_000,
    });
    expect(takeInJobResult(run, "resume", resume, outcome({ frozenMs: 2_300, resumedByAgent: null }), now)).toEqual({
      run: { frozenSince: null, frozenMs: 3_300 },
      log: ["application frozen 2.3 s"],
    });
    const byAgent = takeInJobResult(
      run,
      "resume",
      resume,
      outcome({ resumedByAgent: { frozenMs: 60_000, reason: "the freeze budget of 60 s ran out" } }),
      now,
    );
    expect(byAgent.run).toEqual({ frozenSince: null, frozenMs: 61_000 });
    expect(byAgent.failure).toMatchObject({ code: "FREEZE_BUDGET_EXCEEDED", object: "hook thaw" });
    expect(byAgent.failure?.message).toMatch(
      /^the agent of prod had already thawed the application by itself \(the freeze budget of 60 s ran out\) after 60\.0 s: /,
    );
  });

  it("a resume already taken in during the copy counts nothing twice", async () => {
    const run = await createTestRun({ stepKey: "resume", frozenSince: null, frozenMs: 2_300 });
    expect(takeInJobResult(run, "resume", resume, outcome({ frozenMs: 2_300, resumedByAgent: null }), now)).toEqual({
      run: {},
      log: ["the application had resumed while the copy went on"],
    });
  });

  it("the update's copy sets the point in time: the clones when every set was cloned, else the end of the copy", async () => {
    const run = await createTestRun({ stepKey: "update" });
    const at = Date.parse("2026-03-01T02:00:01Z");
    const cloned = outcome(
      {},
      {
        pointInTime: {
          at,
          sets: [
            { set: "/san/backup/vol01", mode: "instant", cloneMs: 4 },
            { set: "/san/backup/vol02", mode: "instant", cloneMs: 3 },
          ],
        },
      },
    );
    const instant = takeInJobResult(run, "update", copy, cloned, now);
    expect(instant.run).toEqual({ pointInTime: new Date(at), copyMs: 4_000 });
    expect(instant.log[0]).toMatch(/^point in time 2026-03-01T02:00:01\.000Z \(.*\); copied in 4\.0 s$/);
    const scanned = takeInJobResult(run, "update", copy, outcome({}), now);
    expect(scanned).toEqual({
      run: { pointInTime: new Date("2026-03-01T02:00:04Z"), copyMs: 4_000 },
      log: ["point in time 2026-03-01T02:00:04.000Z (the end of the copy; no clone reported); copied in 4.0 s"],
    });
    // The resync's copy after a rejoin is not a point in time.
    expect(takeInJobResult(run, "resync", copy, cloned, now)).toEqual({ run: {}, log: [] });
  });

  it("a release records the chunks the backup host wrote; a join says what it merged", async () => {
    const run = await createTestRun({ stepKey: "release" });
    const disable: RunbookAction = { host: "backup", kind: "set.disable", args: {}, label: "disable" };
    expect(takeInJobResult(run, "release", disable, outcome({ importerWrites: { a: 3, b: 4 } }), now)).toEqual({
      run: { backupWrites: 7 },
      log: ["7 chunk(s) written on backup recorded in the secondary bitmaps"],
    });
    const join: RunbookAction = { host: "prod", kind: "set.join", args: {}, label: "join" };
    expect(takeInJobResult(run, "rejoin", join, outcome({ chunksMerged: 12 }), now).log).toEqual([
      "12 chunk(s) merged into the primary bitmap",
    ]);
  });

  it("a disk group's import or deport is recorded as custody", async () => {
    const run = await createTestRun({ stepKey: "import" });
    const effects = takeInJobResult(
      run,
      "import",
      { host: "backup", kind: "dg.import", args: { diskGroup: "snap" }, label: "import" },
      outcome({}),
      now,
    );
    expect(effects.log).toEqual(["snap imported on backup"]);
    await prisma.$transaction(async (tx) => effects.extra?.(tx));
    const deport = takeInJobResult(
      run,
      "export",
      { host: "prod", kind: "dg.deport", args: { diskGroup: "snap" }, label: "deport" },
      outcome({}),
      now,
    );
    await prisma.$transaction(async (tx) => deport.extra?.(tx));
    const custody = await prisma.runbookCustody.findMany({ where: { runId: run.id }, orderBy: { stepKey: "desc" } });
    expect(custody.map((c) => [c.holder, c.stepKey, c.note])).toEqual([
      ["backup", "import", "snap imported on backup"],
      [null, "export", "snap deported by prod; held by nobody"],
    ]);
  });

  it("an archive is recorded with its volumes named as production knows their sets, and an expired one marked deleted", async () => {
    const runbook = await prisma.runbook.create({
      data: { name: "nightly-archive", specJson: JSON.stringify(testSpec()) },
    });
    const run = await createTestRun({
      runbookId: runbook.id,
      stepKey: "backup",
      pointInTime: new Date("2026-03-01T02:00:01Z"),
    });
    const archive: RunbookAction = {
      host: "backup",
      kind: "archive.create",
      args: { targetDir: "/archive", label: "nightly-1" },
      label: "archive",
    };
    const manifest = {
      pointInTime: null,
      volumes: [{ volume: "/dev/vx/dsk/snap/vol01", set: null, file: "vol01.img", sizeBytes: 4096, sha256: "ab" }],
    };
    const effects = takeInJobResult(run, "backup", archive, outcome({ dir: "/archive/nightly-1", manifest }), now);
    expect(effects.log).toEqual(["archive /archive/nightly-1: 1 volume(s) verified against the manifest"]);
    await prisma.$transaction(async (tx) => effects.extra?.(tx));
    const stored = await prisma.archive.findFirstOrThrow({ where: { runId: run.id }, include: { volumes: true } });
    expect(stored).toMatchObject({
      hostName: "backup",
      targetDir: "/archive",
      label: "nightly-1",
      dir: "/archive/nightly-1",
      deletedAt: null,
    });
    expect(stored.volumes.map((v) => v.setShadow)).toEqual(["/san/backup/vol01"]);

    const del: RunbookAction = {
      host: "backup",
      kind: "archive.delete",
      args: { targetDir: "/archive", label: "nightly-1" },
      label: "delete",
    };
    const deleted = takeInJobResult(run, "backup", del, outcome({ deleted: true, dir: "/archive/nightly-1" }), now);
    expect(deleted.log).toEqual(["deleted /archive/nightly-1"]);
    await prisma.$transaction(async (tx) => deleted.extra?.(tx));
    expect((await prisma.archive.findUniqueOrThrow({ where: { id: stored.id } })).deletedAt).toEqual(now);
  });
});
