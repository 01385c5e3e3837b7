import "server-only";
// LAN-free backup runbooks (docs/architecture.md §5): apply a spec, check it, delete it, run it, follow,
// resume, cancel and approve runs, bring a cancelled run's shadows home, and the archives that hold a set's points in time.
import { z } from "zod";
import { describeSpecIssues, runbookNameSchema, runbookSpecSchema } from "@/lib/runbook-spec";
import { archiveLineage } from "@/server/runbooks/archive-lineage";
import { applyRunbook } from "@/server/runbooks/apply-runbook";
import { approveRun } from "@/server/runbooks/approve-run";
import { cancelRun } from "@/server/runbooks/cancel-run";
import { deleteRunbook } from "@/server/runbooks/delete-runbook";
import { getRun } from "@/server/runbooks/get-run";
import { getRunbook, listRunbooks, listRuns } from "@/server/runbooks/list-runbooks";
import { listRunbookSetModes } from "@/server/runbooks/list-runbook-set-modes";
import { rejoinRun } from "@/server/runbooks/rejoin-run";
import { resumeRun } from "@/server/runbooks/resume-run";
import { preflightRunbook, startRun } from "@/server/runbooks/start-run";
import { AppError } from "@/server/errors";
import { createTRPCRouter, operatorProcedure, viewerProcedure } from "@/server/trpc/init";

const runId = z.object({ id: z.string().min(1).max(64) });

export const runbookRouter = createTRPCRouter({
  list: viewerProcedure.query(() => listRunbooks()),
  get: viewerProcedure.input(z.object({ name: runbookNameSchema })).query(async ({ input }) => {
    const runbook = await getRunbook(input.name);
    if (!runbook) throw new AppError("NOT_FOUND", `runbook: ${input.name} not found`);
    return runbook;
  }),
  /** Creates the runbook, or replaces the spec of the one with this name (`pitcrew runbook apply`; tRPC reserves "apply"). */
  save: operatorProcedure
    .input(z.object({ spec: z.record(z.string(), z.unknown()) }))
    .mutation(({ ctx, input }) =>
      applyRunbook({ spec: input.spec, userId: ctx.caller.userId, fromAddress: ctx.fromAddress }),
    ),
  /** Deletes the runbook; its runs and archives stay as history. Refused while a run could still move the snapshot disk group. */
  delete: operatorProcedure
    .input(z.object({ name: runbookNameSchema }))
    .mutation(({ ctx, input }) =>
      deleteRunbook({ name: input.name, userId: ctx.caller.userId, fromAddress: ctx.fromAddress }),
    ),
  /** The sets a run would drive and each one's consistency mode (scan-mode sets keep the application frozen for the whole copy). */
  setModes: viewerProcedure
    .input(z.object({ name: runbookNameSchema }))
    .query(({ input }) => listRunbookSetModes(input.name)),
  /** What would stop a run of this spec now (the form's live placement check); changes nothing. */
  check: viewerProcedure.input(z.object({ spec: z.record(z.string(), z.unknown()) })).query(async ({ input }) => {
    const parsed = runbookSpecSchema.safeParse(input.spec);
    if (!parsed.success) return { problems: describeSpecIssues(parsed.error, null), sets: [], holder: null };
    return preflightRunbook(parsed.data);
  }),
  run: operatorProcedure.input(z.object({ name: runbookNameSchema })).mutation(({ ctx, input }) =>
    startRun({
      runbookName: input.name,
      trigger: "manual",
      requestedBy: ctx.caller.username,
      userId: ctx.caller.userId,
      fromAddress: ctx.fromAddress,
    }),
  ),
  runs: viewerProcedure
    .input(
      z
        .object({ runbook: runbookNameSchema.optional(), limit: z.number().int().min(1).max(500).optional() })
        .default({}),
    )
    .query(({ input }) => listRuns({ runbookName: input.runbook, limit: input.limit })),
  runGet: viewerProcedure.input(runId).query(({ input }) => getRun(input.id)),
  resume: operatorProcedure
    .input(runId)
    .mutation(({ ctx, input }) =>
      resumeRun({ runId: input.id, userId: ctx.caller.userId, fromAddress: ctx.fromAddress }),
    ),
  cancel: operatorProcedure
    .input(runId)
    .mutation(({ ctx, input }) =>
      cancelRun({ runId: input.id, userId: ctx.caller.userId, fromAddress: ctx.fromAddress }),
    ),
  /** Release and rejoin for a cancelled run that left its shadows exported or on the backup host (or rejoin alone, without a backup host gone for good). */
  rejoin: operatorProcedure
    .input(runId.extend({ withoutBackupHost: z.boolean().default(false) }))
    .mutation(({ ctx, input }) =>
      rejoinRun({
        runId: input.id,
        userId: ctx.caller.userId,
        username: ctx.caller.username,
        withoutBackupHost: input.withoutBackupHost,
        fromAddress: ctx.fromAddress,
      }),
    ),
  approve: operatorProcedure.input(runId).mutation(({ ctx, input }) =>
    approveRun({
      runId: input.id,
      userId: ctx.caller.userId,
      username: ctx.caller.username,
      fromAddress: ctx.fromAddress,
    }),
  ),
  /** The archives that hold points in time of the set whose shadow (on the production host) this is. */
  lineage: viewerProcedure
    .input(z.object({ shadow: z.string().min(1).max(1024) }))
    .query(({ input }) => archiveLineage(input.shadow)),
});
