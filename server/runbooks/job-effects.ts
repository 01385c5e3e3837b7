import "server-only";
// What a finished job of a run means for the run: the freeze (quiesce, resume and how long the
// application was frozen), the point in time and how long the copy took, custody of the snapshot disk group, the archive and
// its lineage, and the chunks the backup host wrote (the rejoin gate).
import type { Prisma } from "@/generated/sqlite/client";
import { resultOf } from "@/lib/job-results";
import { describePointInTime, isInstantPointInTime, type PointInTimeReport } from "@/lib/runbook-freeze";
import type { RunbookAction, RunbookStepKey } from "@/lib/runbook-steps";
import type { RunChange } from "@/server/runbooks/commit-run";
import type { RunRow } from "@/server/runbooks/run-select";

export interface JobOutcome {
  jobId: string;
  result: Record<string, unknown>;
  startedAt: Date | null;
  finishedAt: Date;
  /** A copy job's "point-in-time" event (server/runbooks/freeze-during-copy.ts), or null. */
  pointInTime: PointInTimeReport | null;
}

export interface JobEffects {
  /** Never a change of state: the driver decides that (follow-job.ts, fail-step.ts). */
  run: Omit<RunChange, "state">;
  log: string[];
  /** The job succeeded but the run must not go on (the freeze did not hold). */
  failure?: { code: string; message: string; object: string | null };
  extra?: (tx: Prisma.TransactionClient) => Promise<void>;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function takeInJobResult(
  run: RunRow,
  stepKey: RunbookStepKey,
  action: RunbookAction,
  job: JobOutcome,
  now: Date,
): JobEffects {
  const { spec } = run;
  const D = spec.snapshotDiskGroup;
  switch (action.kind) {
    case "hook.run": {
      const r = resultOf(job, "hook.run");
      if (action.args.purpose === "quiesce") {
        const since = r.frozenSince !== undefined ? new Date(r.frozenSince) : job.finishedAt;
        // A new freeze: a resume issued during an earlier attempt's copy is not this one's.
        return {
          run: { frozenSince: since, resumeJobId: null },
          log: [
            `application quiesced; the agent thaws it after ${String(r.freezeBudgetSeconds ?? spec.freezeBudgetSeconds)} s at the latest`,
          ],
        };
      }
      if (action.args.purpose === "resume") {
        // Issued and taken in while the copy went on (freeze-during-copy.ts): counted then.
        if (run.frozenSince === null && !r.resumedByAgent)
          return { run: {}, log: ["the application had resumed while the copy went on"] };
        const byAgent = r.resumedByAgent;
        const frozenMs = r.frozenMs ?? byAgent?.frozenMs ?? 0;
        const runData = { frozenSince: null, frozenMs: run.frozenMs + frozenMs };
        if (byAgent) {
          return {
            run: runData,
            log: [],
            failure: {
              code: "FREEZE_BUDGET_EXCEEDED",
              message:
                `the agent of ${action.host} had already thawed the application by itself (${byAgent.reason}) after ${seconds(byAgent.frozenMs)}: ` +
                `the update may not have finished under quiesce, so this point in time is not trusted; raise freezeBudgetSeconds (in the runbook and the agent config) and resume the run`,
              object: `hook ${String(action.args.hook)}`,
            },
          };
        }
        return { run: runData, log: [`application frozen ${seconds(frozenMs)}`] };
      }
      return { run: {}, log: [] };
    }
    case "set.copy": {
      // The update's point in time is archived; the resync's after a rejoin is not.
      if (stepKey !== "update") return { run: {}, log: [] };
      const copyMs = job.startedAt ? Math.max(0, job.finishedAt.getTime() - job.startedAt.getTime()) : null;
      const copied = copyMs === null ? "" : `; copied in ${seconds(copyMs)}`;
      // Every set cloned: the clones are the point in time. Otherwise the end of the copy under quiesce is.
      if (isInstantPointInTime(job.pointInTime)) {
        const at = new Date(job.pointInTime.at);
        return {
          run: { pointInTime: at, copyMs },
          log: [`point in time ${at.toISOString()} (${describePointInTime(job.pointInTime)})${copied}`],
        };
      }
      const how = job.pointInTime ? describePointInTime(job.pointInTime) : "no clone reported";
      return {
        run: { pointInTime: job.finishedAt, copyMs },
        log: [`point in time ${job.finishedAt.toISOString()} (the end of the copy; ${how})${copied}`],
      };
    }
    case "dg.import":
    case "dg.deport": {
      const holder = action.kind === "dg.import" ? action.host : null;
      const note = holder ? `${D} imported on ${holder}` : `${D} deported by ${action.host}; held by nobody`;
      return {
        run: {},
        log: [note],
        extra: async (tx) => {
          await tx.runbookCustody.create({ data: { runId: run.id, at: job.finishedAt, holder, stepKey, note } });
        },
      };
    }
    case "set.disable": {
      const writes = resultOf(job, "set.disable").importerWrites ?? {};
      const total = Object.values(writes).reduce((a, b) => a + b, 0);
      return {
        run: { backupWrites: total },
        log: [`${total} chunk(s) written on ${action.host} recorded in the secondary bitmaps`],
      };
    }
    case "set.join": {
      const r = resultOf(job, "set.join");
      return {
        run: {},
        log: [
          typeof r.rescanBecause === "string"
            ? `${r.rescanBecause}: the next update scans the whole shadow for what the backup host wrote`
            : `${String(r.chunksMerged ?? 0)} chunk(s) merged into the primary bitmap`,
        ],
      };
    }
    case "archive.tape":
    case "archive.create": {
      const { manifest, dir = "" } = resultOf(job, action.kind);
      const { sets } = run;
      const volumes = manifest?.volumes ?? [];
      return {
        run: {},
        log: [`archive ${dir}: ${volumes.length} volume(s) verified against the manifest`],
        extra: async (tx) => {
          await tx.archive.create({
            data: {
              runbookId: run.runbookId,
              runId: run.id,
              hostName: action.host,
              // A tape archive's "target" is its device (keepArchives, which rotates by targetDir, never applies to tapes).
              targetDir: String(action.args.targetDir ?? action.args.device),
              label: String(action.args.label),
              dir,
              pointInTime: run.pointInTime,
              manifestJson: JSON.stringify(manifest ?? null),
              createdAt: now,
              volumes: {
                create: volumes.map((v, i) => ({
                  // The archive.create volumes are the plan's shadows in order: name the set as production knows it.
                  setShadow: sets[i]?.shadow ?? v.set ?? v.volume,
                  volume: v.volume,
                  file: v.file,
                  sizeBytes: BigInt(v.sizeBytes),
                  sha256: v.sha256,
                })),
              },
            },
          });
        },
      };
    }
    case "archive.delete": {
      const r = resultOf(job, "archive.delete");
      return {
        run: {},
        log: [r.deleted ? `deleted ${String(r.dir)}` : `${String(r.dir)} was already gone`],
        extra: async (tx) => {
          await tx.archive.updateMany({
            where: {
              runbookId: run.runbookId,
              targetDir: String(action.args.targetDir),
              label: String(action.args.label),
              deletedAt: null,
            },
            data: { deletedAt: now },
          });
        },
      };
    }
    default:
      return { run: {}, log: [] };
  }
}
