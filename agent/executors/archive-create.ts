// archive.create (the runbook's built-in backup, design.md §5): the volumes streamed into a new
// archive directory under one of the agent's archiveRoots, with a manifest, then read back and
// verified. The console can make the agent write nowhere else.
import { createArchive } from "@/engine/create-archive";
import { resolveArchiveTarget } from "@/agent/archive-target";
import { resolveVolumes } from "@/agent/resolve-volume";
import { defineExecutor } from "./executor-kit";

// Progress at most twice a second (the console wants at least one event a second while work runs).
const PROGRESS_EVERY_MS = 500;

export const archiveCreate = defineExecutor("archive.create", (a) => (typeof a.targetDir === "string" ? a.targetDir : null), async (args, ctx) => {
  const targetDir = await resolveArchiveTarget(args.targetDir, ctx.archiveRoots, ctx.hostName);
  const paths = await resolveVolumes(args.volumes, ctx.roots);
  const sets = (await ctx.engine.config.read()).sets;
  ctx.emit({ type: "phase", message: "archiving" });
  const started = Date.now();
  let last = 0;
  let lastPhase = "";
  const { dir, manifest } = await createArchive({
    volumes: paths.map((p) => ({ path: p, set: sets.find((s) => s.shadow === p)?.shadow ?? null })),
    targetDir, label: args.label, host: ctx.hostName, pointInTime: args.pointInTime,
  }, {
    signal: ctx.signal,
    onProgress: (p) => {
      const now = Date.now();
      if (p.phase === lastPhase && now - last < PROGRESS_EVERY_MS && p.bytesDone < p.bytesTotal) return;
      if (p.phase !== lastPhase) ctx.emit({ type: "phase", message: p.phase });
      last = now;
      lastPhase = p.phase;
      const rate = p.bytesDone / Math.max(0.001, (now - started) / 1000);
      ctx.emit({
        type: "progress",
        progress: {
          phase: p.phase, direction: "to-archive", set: p.volume, chunksDone: 0, chunksTotal: 0,
          bytesDone: p.bytesDone, bytesTotal: p.bytesTotal, rateBytesPerSec: rate,
          etaSeconds: rate > 0 ? (p.bytesTotal - p.bytesDone) / rate : null, updatedAt: now,
        },
      });
    },
  });
  ctx.emit({ type: "log", message: `archived ${manifest.volumes.length} volume(s) to ${dir} and verified them against the manifest` });
  return { dir, manifest };
});
