import "@/test/support/test-database"; // first: gives this file its own database
import { describe, expect, it } from "vitest";
import { prisma } from "@/server/db";
import { cancelCurrentStep } from "@/server/runbooks/cancel-current-step";
import { createTestRun, createTestStep, readStep } from "@/test/support/run-test-fixtures";

const now = new Date("2026-03-01T02:00:00Z");
const runOf = (id: string) => prisma.runbookRun.findUniqueOrThrow({ where: { id } });

describe("cancelCurrentStep: a cancel reaches the run", () => {
  it("cancels the running step with no job in flight and sends the run to cancelling, naming the step", async () => {
    const run = await createTestRun({ stepKey: "export", cancelRequestedAt: now });
    const step = await createTestStep(run);
    expect(await cancelCurrentStep(run, now)).toBe(true);
    expect(await runOf(run.id)).toMatchObject({
      state: "cancelling",
      errorStep: "export",
      errorMessage: "cancelled by an operator",
    });
    expect(await readStep(step.id)).toMatchObject({ state: "cancelled", finishedAt: now });
    expect((await readStep(step.id)).log.map((l) => l.message)).toEqual(["cancelled"]);
  });

  it("cancels a run waiting at the rejoin gate", async () => {
    const run = await createTestRun({ state: "awaiting-approval", stepKey: "rejoin", cancelRequestedAt: now });
    await cancelCurrentStep(run, now);
    expect(await runOf(run.id)).toMatchObject({ state: "cancelling", errorStep: "rejoin" });
  });
});
