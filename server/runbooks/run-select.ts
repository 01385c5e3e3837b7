import "server-only";
// What is read of runs and their steps, and what clients see of them (docs/architecture.md §10 rule 3). The JSON
// text columns are parsed with zod here and nowhere else (run-json-columns.ts), so the run driver
// and the pages get typed values; dates go to clients as ISO strings (tRPC runs without a
// transformer).
import type { Prisma } from "@/generated/sqlite/client";
import type { RunbookSetPlan } from "@/lib/runbook-placement";
import type { RunbookSpec } from "@/lib/runbook-spec";
import type { RunbookAction } from "@/lib/runbook-steps";
import { isRunState, type RunState } from "@/lib/run-states";
import { isRunStepState, type RunStepState } from "@/lib/run-step-states";
import { AppError } from "@/server/errors";
import { parseStoredSpec } from "@/server/runbooks/parse-stored-spec";
import {
  parseJsonColumn,
  runSetsSchema,
  runWarningsSchema,
  stepActionsSchema,
  stepJobIdsSchema,
  type StepLogLine,
  stepLogSchema,
} from "@/server/runbooks/run-json-columns";

/** What the run driver reads of a run (advance-run.ts and its step handlers). */
export const runRowSelect = {
  id: true,
  runbookId: true,
  specJson: true,
  setsJson: true,
  state: true,
  stepKey: true,
  archiveLabel: true,
  pointInTime: true,
  frozenSince: true,
  thawJobId: true,
  frozenMs: true,
  resumeJobId: true,
  warningsJson: true,
  backupWrites: true,
  approvedAt: true,
  cancelRequestedAt: true,
  errorMessage: true,
  rejoinRequestedAt: true,
  rejoinForced: true,
  version: true,
} satisfies Prisma.RunbookRunSelect;

/** One attempt of one step, every column. */
export const runStepSelect = {
  id: true,
  runId: true,
  key: true,
  attempt: true,
  hostName: true,
  state: true,
  actionsJson: true,
  cursor: true,
  jobIdsJson: true,
  logJson: true,
  startedAt: true,
  finishedAt: true,
  errorMessage: true,
} satisfies Prisma.RunbookStepSelect;

type StoredRunRow = Prisma.RunbookRunGetPayload<{ select: typeof runRowSelect }>;
type StoredStepRow = Prisma.RunbookStepGetPayload<{ select: typeof runStepSelect }>;

/** A run as the driver sees it: state checked, JSON columns parsed. */
export type RunRow = Omit<StoredRunRow, "state" | "specJson" | "setsJson" | "warningsJson"> & {
  state: RunState;
  spec: RunbookSpec;
  sets: RunbookSetPlan[];
  warnings: string[];
};

/**
 * A step as the driver sees it. `jobIdsJson` stays as stored beside `jobIds`: issuing a job is a
 * conditional update on that text, so two console processes never both append to the step.
 */
export type RunStepRow = Omit<StoredStepRow, "state" | "actionsJson" | "logJson"> & {
  state: RunStepState;
  actions: RunbookAction[];
  jobIds: string[];
  log: StepLogLine[];
};

export function toRunRow(row: StoredRunRow): RunRow {
  const { specJson, setsJson, warningsJson, state, ...rest } = row;
  const owner = `run ${row.id}`;
  if (!isRunState(state)) throw new AppError("CONFLICT", `${owner}: stored state "${state}" is not a run state`);
  return {
    ...rest,
    state,
    spec: parseStoredSpec(specJson, owner),
    sets: parseJsonColumn(setsJson, runSetsSchema, "setsJson", owner),
    warnings: parseJsonColumn(warningsJson, runWarningsSchema, "warningsJson", owner),
  };
}

export function toRunStepRow(row: StoredStepRow): RunStepRow {
  const { actionsJson, logJson, state, ...rest } = row;
  const owner = `run ${row.runId} step ${row.key} (attempt ${row.attempt})`;
  if (!isRunStepState(state)) throw new AppError("CONFLICT", `${owner}: stored state "${state}" is not a step state`);
  return {
    ...rest,
    state,
    actions: parseJsonColumn(actionsJson, stepActionsSchema, "actionsJson", owner),
    jobIds: parseJsonColumn(row.jobIdsJson, stepJobIdsSchema, "jobIdsJson", owner),
    log: parseJsonColumn(logJson, stepLogSchema, "logJson", owner),
  };
}

export const runSummarySelect = {
  id: true,
  runbookId: true,
  runbookName: true,
  state: true,
  trigger: true,
  scheduledFor: true,
  requestedBy: true,
  stepKey: true,
  archiveLabel: true,
  pointInTime: true,
  frozenSince: true,
  frozenMs: true,
  copyMs: true,
  warningsJson: true,
  backupWrites: true,
  approvedAt: true,
  approvedBy: true,
  cancelRequestedAt: true,
  rejoinRequestedAt: true,
  rejoinForced: true,
  rejoinedAt: true,
  errorStep: true,
  errorHost: true,
  errorCode: true,
  errorObject: true,
  errorMessage: true,
  createdAt: true,
  finishedAt: true,
} satisfies Prisma.RunbookRunSelect;

export const runDetailSelect = {
  ...runSummarySelect,
  specJson: true,
  setsJson: true,
  steps: { select: runStepSelect, orderBy: [{ startedAt: "asc" }, { attempt: "asc" }] },
  custody: { orderBy: { at: "asc" } },
  archives: {
    select: { id: true, hostName: true, dir: true, label: true, pointInTime: true, createdAt: true, deletedAt: true },
  },
} satisfies Prisma.RunbookRunSelect;

type SummaryRow = Prisma.RunbookRunGetPayload<{ select: typeof runSummarySelect }>;
type DetailRow = Prisma.RunbookRunGetPayload<{ select: typeof runDetailSelect }>;

const iso = (d: Date | null) => d?.toISOString() ?? null;

export interface RunSummary {
  id: string;
  /** Null once the runbook was deleted: the run is kept as history. */
  runbookId: string | null;
  runbookName: string;
  state: string;
  trigger: string;
  scheduledFor: string | null;
  requestedBy: string;
  stepKey: string;
  archiveLabel: string;
  pointInTime: string | null;
  frozenSince: string | null;
  /** How long the application was frozen: quiesce start … resume end, over every quiesce of the run. */
  frozenMs: number;
  /** How long the update's copy took (its job's start … end); null until it ended. */
  copyMs: number | null;
  /** Warnings for the operator (a set in scan mode keeps the application frozen for a full read). */
  warnings: string[];
  backupWrites: number | null;
  approvedAt: string | null;
  approvedBy: string | null;
  cancelRequestedAt: string | null;
  /** A cancelled run asked to bring its shadows home (release and rejoin only), and when they were. */
  rejoinRequestedAt: string | null;
  /** That rejoin went without the backup host (gone for good): no release, lock cleared, shadows rescanned. */
  rejoinForced: boolean;
  rejoinedAt: string | null;
  error: { step: string; host: string | null; code: string | null; object: string | null; message: string } | null;
  createdAt: string;
  finishedAt: string | null;
  durationMs: number | null;
}

export interface RunStepView {
  id: string;
  key: string;
  attempt: number;
  hostName: string;
  state: string;
  actions: RunbookAction[];
  cursor: number;
  jobIds: string[];
  log: { at: string; message: string }[];
  startedAt: string;
  finishedAt: string | null;
  errorMessage: string | null;
}

export interface RunDetail extends RunSummary {
  spec: RunbookSpec;
  sets: RunbookSetPlan[];
  steps: RunStepView[];
  custody: { at: string; holder: string | null; stepKey: string; note: string }[];
  archives: {
    id: string;
    hostName: string;
    dir: string;
    label: string;
    pointInTime: string | null;
    createdAt: string;
    deletedAt: string | null;
  }[];
}

export function toRunSummary(row: SummaryRow): RunSummary {
  return {
    id: row.id,
    runbookId: row.runbookId,
    runbookName: row.runbookName,
    state: row.state,
    trigger: row.trigger,
    scheduledFor: iso(row.scheduledFor),
    requestedBy: row.requestedBy,
    stepKey: row.stepKey,
    archiveLabel: row.archiveLabel,
    pointInTime: iso(row.pointInTime),
    frozenSince: iso(row.frozenSince),
    frozenMs: row.frozenMs,
    copyMs: row.copyMs,
    warnings: parseJsonColumn(row.warningsJson, runWarningsSchema, "warningsJson", `run ${row.id}`),
    backupWrites: row.backupWrites,
    approvedAt: iso(row.approvedAt),
    approvedBy: row.approvedBy,
    cancelRequestedAt: iso(row.cancelRequestedAt),
    rejoinRequestedAt: iso(row.rejoinRequestedAt),
    rejoinForced: row.rejoinForced,
    rejoinedAt: iso(row.rejoinedAt),
    error:
      row.errorMessage === null
        ? null
        : {
            step: row.errorStep ?? row.stepKey,
            host: row.errorHost,
            code: row.errorCode,
            object: row.errorObject,
            message: row.errorMessage,
          },
    createdAt: row.createdAt.toISOString(),
    finishedAt: iso(row.finishedAt),
    durationMs: row.finishedAt ? row.finishedAt.getTime() - row.createdAt.getTime() : null,
  };
}

export function toRunDetail(row: DetailRow): RunDetail {
  return {
    ...toRunSummary(row),
    spec: parseStoredSpec(row.specJson, `run ${row.id}`),
    sets: parseJsonColumn(row.setsJson, runSetsSchema, "setsJson", `run ${row.id}`),
    steps: row.steps.map(toRunStepRow).map((s) => ({
      id: s.id,
      key: s.key,
      attempt: s.attempt,
      hostName: s.hostName,
      state: s.state,
      actions: s.actions,
      cursor: s.cursor,
      jobIds: s.jobIds,
      log: s.log,
      startedAt: s.startedAt.toISOString(),
      finishedAt: iso(s.finishedAt),
      errorMessage: s.errorMessage,
    })),
    custody: row.custody.map((c) => ({ at: c.at.toISOString(), holder: c.holder, stepKey: c.stepKey, note: c.note })),
    archives: row.archives.map((a) => ({
      ...a,
      pointInTime: iso(a.pointInTime),
      createdAt: a.createdAt.toISOString(),
      deletedAt: iso(a.deletedAt),
    })),
  };
}
