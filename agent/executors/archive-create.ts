// archive.create (the runbook's built-in backup, docs/architecture.md §5): the volumes streamed into a new
// archive directory under one of the agent's archiveRoots, with a manifest, then read back and
// verified. The console can make the agent write nowhere else.
import { createArchive } from "@/engine/create-archive";
import { resolveArchiveTarget } from "@/agent/archive-target";
import { resolveVolumes } from "@/agent/resolve-volume";
import { archiveProgressReporter } from "./archive-progress";
import { defineExecutor } from "./executor-kit";

export const archiveCreate = defineExecutor(
  "archive.create",
  (a) => (typeof a.targetDir === "string" ? a.targetDir : null),
  async (args, ctx) => {
    const targetDir = await resolveArchiveTarget(args.targetDir, ctx.archiveRoots, ctx.hostName);
    const paths = await resolveVolumes(args.volumes, ctx.roots);
    const sets = (await ctx.engine.config.read()).sets;
    const { dir, manifest } = await createArchive(
      {
        volumes: paths.map((p) => ({ path: p, set: sets.find((s) => s.shadow === p)?.shadow ?? null })),
        targetDir,
        label: args.label,
        host: ctx.hostName,
        pointInTime: args.pointInTime,
      },
      { signal: ctx.signal, onProgress: archiveProgressReporter(ctx) },
    );
    ctx.emit({
      type: "log",
      message: `archived ${manifest.volumes.length} volume(s) to ${dir} and verified them against the manifest`,
    });
    return { dir, manifest };
  },
);
