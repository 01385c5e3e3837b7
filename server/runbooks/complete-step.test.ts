import "@/test/support/test-database"; // first: gives this file its own database
import { describe, expect, it } from "vitest";
import { prisma } from "@/server/db";
import { completeStep } from "@/server/runbooks/complete-step";
import { createTestRun, createTestStep, readRun, readStep, testSpec } from "@/test/support/run-test-fixtures";

const now = new Date("2026-03-01T02:00:00Z");

describe("completeStep: a step whose jobs are all done", () => {
  it("moves the run to its next step and the step to succeeded, or skipped when it had nothing to do", async () => {
    const run = await createTestRun({ stepKey: "update" });
    const step = await createTestStep(run);
    await completeStep(run, step, false, now);
    expect(await readRun(run.id)).toMatchObject({ state: "running", stepKey: "resume" });
    expect(await readStep(step.id)).toMatchObject({ state: "succeeded", finishedAt: now });

    const again = await readRun(run.id);
    const resume = await createTestStep(again);
    await completeStep(again, resume, true, now);
    expect((await readStep(resume.id)).state).toBe("skipped");
  });

  it("stops at the rejoin gate when the runbook asks for approval, and not once approved", async () => {
    const spec = testSpec({ approveRejoin: true });
    const gated = await createTestRun({ spec, stepKey: "release" });
    await completeStep(gated, await createTestStep(gated), false, now);
    expect(await readRun(gated.id)).toMatchObject({ state: "awaiting-approval", stepKey: "rejoin" });

    const approved = await createTestRun({ spec, stepKey: "release", approvedAt: now });
    await completeStep(approved, await createTestStep(approved), false, now);
    expect(await readRun(approved.id)).toMatchObject({ state: "running", stepKey: "rejoin" });
  });

  it("ends the run succeeded after its last step, and audits it", async () => {
    const run = await createTestRun({ stepKey: "resync", frozenMs: 2_500 });
    await completeStep(run, await createTestStep(run), false, now);
    expect(await prisma.runbookRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({
      state: "succeeded",
      finishedAt: now,
    });
    const audit = await prisma.auditEntry.findFirstOrThrow({
      where: { action: "runbook.run.end", object: `run ${run.id}` },
    });
    expect(audit.result).toBe("ok");
    expect(audit.detailJson).toContain("succeeded; application frozen 2.5 s");
  });

  it("ends a rejoin of a cancelled run cancelled again, with its shadows home", async () => {
    const run = await createTestRun({
      stepKey: "rejoin",
      rejoinRequestedAt: now,
      errorMessage: "cancelled by an operator",
    });
    await completeStep(run, await createTestStep(run), false, now);
    expect(await readRun(run.id)).toMatchObject({
      state: "cancelled",
      errorMessage: `cancelled by an operator; shadows brought home at ${now.toISOString()}`,
    });
  });
});
