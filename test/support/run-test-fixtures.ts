import "server-only";
// Test support for the run driver's unit tests: a run and its steps written directly with Prisma,
// at whatever point of the machine the test needs, and read back as the driver reads them.
import type { Prisma } from "@/generated/sqlite/client";
import { type RunbookSpec, type RunbookSpecInput, runbookSpecSchema } from "@/lib/runbook-spec";
import { prisma } from "@/server/db";
import {
  type RunRow,
  runRowSelect,
  type RunStepRow,
  runStepSelect,
  toRunRow,
  toRunStepRow,
} from "@/server/runbooks/run-select";

export function testSpec(overrides: Partial<RunbookSpecInput> = {}): RunbookSpec {
  return runbookSpecSchema.parse({
    name: "nightly",
    group: "Backup1",
    productionHost: "prod",
    backupHost: "backup",
    snapshotDiskGroup: "snap",
    quiesceHook: "freeze",
    resumeHook: "thaw",
    backup: { kind: "archive", targetDir: "/archive" },
    ...overrides,
  });
}

export const testSets = [1, 2].map((i) => ({
  master: `/san/production/vol0${i}`,
  shadow: `/san/backup/vol0${i}`,
  bitmap: `/san/production/vol0${i}.bmp`,
  shadowRef: `snap/vol0${i}`,
  secondaryBitmapRef: `snap/vol0${i}.bmp`,
  enabled: true,
}));

/** A run of no runbook (as after its runbook was deleted), running at step `stepKey` unless `data` says otherwise. */
export async function createTestRun(
  data: Partial<Prisma.RunbookRunUncheckedCreateInput> & { spec?: RunbookSpec } = {},
): Promise<RunRow> {
  const { spec = testSpec(), ...rest } = data;
  const row = await prisma.runbookRun.create({
    data: {
      runbookName: spec.name,
      specJson: JSON.stringify(spec),
      setsJson: JSON.stringify(testSets),
      trigger: "manual",
      requestedBy: "admin",
      stepKey: "prepare",
      archiveLabel: `${spec.name}-1`,
      ...rest,
    },
    select: runRowSelect,
  });
  return toRunRow(row);
}

export async function createTestStep(
  run: RunRow,
  data: Partial<Prisma.RunbookStepUncheckedCreateInput> = {},
): Promise<RunStepRow> {
  const row = await prisma.runbookStep.create({
    data: {
      runId: run.id,
      key: run.stepKey,
      attempt: 1,
      hostName: run.spec.productionHost,
      actionsJson: "[]",
      ...data,
    },
    select: runStepSelect,
  });
  return toRunStepRow(row);
}

export async function readRun(id: string): Promise<RunRow> {
  return toRunRow(await prisma.runbookRun.findUniqueOrThrow({ where: { id }, select: runRowSelect }));
}

export async function readStep(id: string): Promise<RunStepRow> {
  return toRunStepRow(await prisma.runbookStep.findUniqueOrThrow({ where: { id }, select: runStepSelect }));
}
