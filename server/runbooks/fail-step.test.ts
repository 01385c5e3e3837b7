import "@/test/support/test-database"; // first: gives this file its own database
import { describe, expect, it } from "vitest";
import type { RunbookAction } from "@/lib/runbook-steps";
import { prisma } from "@/server/db";
import { failStep } from "@/server/runbooks/fail-step";
import { createTestRun, createTestStep, readStep } from "@/test/support/run-test-fixtures";

const now = new Date("2026-03-01T02:00:00Z");
const copy: RunbookAction = { host: "prod", kind: "set.copy", args: {}, label: "update the shadows of Backup1" };
const resume: RunbookAction = {
  host: "prod",
  kind: "hook.run",
  args: { hook: "thaw", purpose: "resume" },
  label: "resume (hook thaw)",
};
const error = { code: "COPY_EIO", message: "read error on vol01", object: "volume /san/production/vol01" };
const runOf = (id: string) => prisma.runbookRun.findUniqueOrThrow({ where: { id } });
const endAudits = (id: string) =>
  prisma.auditEntry.count({ where: { action: "runbook.run.end", object: `run ${id}` } });

describe("failStep: a step's job failed", () => {
  it("fails the run at once when the application is not quiesced, names the step, host and action, and audits it", async () => {
    const run = await createTestRun({ stepKey: "update" });
    const step = await createTestStep(run);
    await failStep(run, step, copy, error, now);
    expect(await runOf(run.id)).toMatchObject({
      state: "failed",
      finishedAt: now,
      errorStep: "update",
      errorHost: "prod",
      errorCode: "COPY_EIO",
      errorObject: "volume /san/production/vol01",
      errorMessage: "update the shadows of Backup1: read error on vol01",
    });
    expect(await readStep(step.id)).toMatchObject({
      state: "failed",
      finishedAt: now,
      errorMessage: "update the shadows of Backup1: read error on vol01",
    });
    expect((await readStep(step.id)).log.at(-1)?.message).toBe(
      "failed: update the shadows of Backup1: read error on vol01",
    );
    expect(await endAudits(run.id)).toBe(1);
  });

  it("goes through thawing while the run holds the application quiesced, and audits only when it ends", async () => {
    const run = await createTestRun({ stepKey: "update", frozenSince: new Date(now.getTime() - 2_000) });
    await failStep(run, await createTestStep(run), copy, error, now);
    expect(await runOf(run.id)).toMatchObject({ state: "thawing", finishedAt: null, errorCode: "COPY_EIO" });
    expect(await endAudits(run.id)).toBe(0);
  });

  it("fails at once when the resume itself failed: nothing is left to thaw with", async () => {
    const run = await createTestRun({ stepKey: "resume", frozenSince: new Date(now.getTime() - 2_000) });
    await failStep(
      run,
      await createTestStep(run),
      resume,
      { code: "HOOK_FAILED", message: "exit 1", object: null },
      now,
    );
    expect(await runOf(run.id)).toMatchObject({ state: "failed", frozenSince: null, finishedAt: now });
    expect(await endAudits(run.id)).toBe(1);
  });
});
