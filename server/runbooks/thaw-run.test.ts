import "@/test/support/test-database"; // first: gives this file its own database
import { describe, expect, it } from "vitest";
import { prisma } from "@/server/db";
import { createTestRun } from "@/test/support/run-test-fixtures";
import { thawRun } from "@/server/runbooks/thaw-run";

const now = new Date("2026-03-01T02:00:00Z");
const runOf = (id: string) => prisma.runbookRun.findUniqueOrThrow({ where: { id } });

describe("thawRun: after a failure or a cancel", () => {
  it("ends a thawing run failed and a cancelling run cancelled when the application is not quiesced", async () => {
    const failing = await createTestRun({ state: "thawing", errorMessage: "boom" });
    await thawRun(failing, now);
    expect(await runOf(failing.id)).toMatchObject({ state: "failed", finishedAt: now });
    const cancelling = await createTestRun({ state: "cancelling", errorMessage: "cancelled by an operator" });
    await thawRun(cancelling, now);
    expect(await runOf(cancelling.id)).toMatchObject({ state: "cancelled", finishedAt: now });
    const audits = await prisma.auditEntry.findMany({
      where: { action: "runbook.run.end", object: { in: [`run ${failing.id}`, `run ${cancelling.id}`] } },
    });
    expect(audits.map((a) => a.result).sort()).toEqual(["failed", "ok"]);
  });

  it("takes the resume hook issued during the copy as the thaw, without issuing another", async () => {
    const run = await createTestRun({
      state: "thawing",
      frozenSince: new Date(now.getTime() - 2_000),
      resumeJobId: "job-early",
    });
    await thawRun(run, now);
    expect(await runOf(run.id)).toMatchObject({ state: "thawing", thawJobId: "job-early", resumeJobId: null });
    expect(await prisma.job.count()).toBe(0);
  });

  it("notes on the run that the resume hook did not run when its job is gone, and lets go of the freeze", async () => {
    const run = await createTestRun({
      state: "thawing",
      frozenSince: new Date(now.getTime() - 2_000),
      thawJobId: "job-gone",
      errorMessage: "boom",
    });
    await thawRun(run, now);
    const after = await runOf(run.id);
    expect(after).toMatchObject({ state: "thawing", frozenSince: null, thawJobId: null });
    expect(after.errorMessage).toBe(
      "boom; the resume hook thaw did not run (job missing): the application may still be quiesced on prod until its agent's freeze guard thaws it",
    );
  });
});
