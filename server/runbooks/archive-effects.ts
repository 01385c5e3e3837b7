import "server-only";
// The archive jobs in a run: a verified archive (to a directory or a tape) becomes an Archive
// record with its volumes and their digests, in the run's lineage; a rotation's delete marks the
// record deleted.
import { resultOf } from "@/lib/job-results";
import type { RunbookAction } from "@/lib/runbook-steps";
import type { JobEffects, JobOutcome } from "@/server/runbooks/job-outcome";
import type { RunRow } from "@/server/runbooks/run-select";

export function archiveEffects(
  run: RunRow,
  action: RunbookAction & { kind: "archive.tape" | "archive.create" },
  job: JobOutcome,
  now: Date,
): JobEffects {
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

export function archiveDeleteEffects(run: RunRow, action: RunbookAction, job: JobOutcome, now: Date): JobEffects {
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
