import "@/test/support/test-database"; // first: gives this file its own database
import { describe, expect, it } from "vitest";
import { prisma } from "@/server/db";
import { commitRun, endRunStep, StaleRun } from "@/server/runbooks/commit-run";
import { createTestRun, createTestStep, readRun, readStep } from "@/test/support/run-test-fixtures";

describe("commitRun: every write of the run driver", () => {
  it("applies a legal transition and counts the version", async () => {
    const run = await createTestRun({ state: "thawing" });
    await commitRun(run, { state: "failed", finishedAt: new Date() });
    expect(await readRun(run.id)).toMatchObject({ state: "failed", version: run.version + 1 });
  });

  it("throws on an illegal transition, naming the run, from and to, and writes nothing", async () => {
    const run = await createTestRun({ state: "succeeded", errorMessage: null });
    await expect(commitRun(run, { state: "running", errorMessage: "x" })).rejects.toThrow(
      `run ${run.id}: illegal transition from succeeded to running`,
    );
    await expect(commitRun({ ...run, state: "thawing" }, { state: "cancelled" })).rejects.toThrow(
      /illegal transition from thawing to cancelled$/,
    );
    expect(await readRun(run.id)).toMatchObject({ state: "succeeded", errorMessage: null, version: run.version });
  });

  it("loses a race with StaleRun when the run changed since it was read", async () => {
    const run = await createTestRun();
    await commitRun(run, { stepKey: "quiesce" });
    await expect(commitRun(run, { stepKey: "update" })).rejects.toBeInstanceOf(StaleRun);
    expect((await readRun(run.id)).stepKey).toBe("quiesce");
  });

  it("rolls the run's change back when a step's end is illegal, naming the step", async () => {
    const run = await createTestRun({ stepKey: "export" });
    const step = await createTestStep(run, { state: "succeeded", finishedAt: new Date() });
    const commit = commitRun(run, { stepKey: "import" }, async (tx) => {
      await endRunStep(tx, step, "failed", { finishedAt: new Date(), errorMessage: "late" });
    });
    await expect(commit).rejects.toThrow(
      `run ${run.id} step export (attempt 1, ${step.id}): illegal transition from succeeded to failed`,
    );
    expect(await readRun(run.id)).toMatchObject({ stepKey: "export", version: run.version });
    expect(await readStep(step.id)).toMatchObject({ state: "succeeded", errorMessage: null });
    expect(await prisma.runbookStep.count({ where: { runId: run.id } })).toBe(1);
  });
});
