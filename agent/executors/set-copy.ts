// set.copy (iiadm -c / -u, docs/instant-image.md §5.3): the copy or update runs to its end inside the
// job, which succeeds only when every copy completed. The moment each set's point in time exists
// is reported on its own ("point-in-time" event): for instant sets that is right after their
// clones, and the application may write again while the copy goes on (the runbook resumes it then).
import { startCopy, type PointInTimeTaken } from "@/engine/set-copy-start";
import { defineExecutor, engineTarget, runCopiesToEnd, targetObject } from "./executor-kit";

/** The share of the freeze budget that clones may take before the job warns. */
const CLONE_WARN_SHARE = 0.5;

export const setCopy = defineExecutor("set.copy", targetObject, async (args, ctx) => {
  const target = await engineTarget(args.target, ctx.roots);
  ctx.emit({
    type: "phase",
    message: `${args.full ? "copy" : "update"} to ${args.direction === "s" ? "shadow" : "master"}`,
  });
  let taken: PointInTimeTaken[] = [];
  const records = await startCopy(ctx.engine, {
    target,
    direction: args.direction,
    full: args.full,
    onPointInTime: (t) => {
      taken = t;
    },
  });
  if (taken.length) {
    const instant = taken.filter((t) => t.mode === "instant");
    const scan = taken.filter((t) => t.mode === "scan");
    const parts = [
      instant.length ? `cloned ${instant.map((t) => `${t.set} (${t.cloneMs} ms)`).join(", ")}` : "",
      scan.length ? `scan mode, complete only when the copy ends: ${scan.map((t) => t.set).join(", ")}` : "",
    ].filter(Boolean);
    ctx.emit({
      type: "point-in-time",
      message: `point in time: ${parts.join("; ")}`,
      pointInTime: { at: Date.now(), sets: taken },
    });
    // Clones grow slower with the master's extent count; the freeze must outlast them.
    const cloneMs = instant.reduce((sum, t) => sum + (t.cloneMs ?? 0), 0);
    if (cloneMs > ctx.freezeBudgetMs * CLONE_WARN_SHARE) {
      ctx.emit({
        type: "warning",
        message:
          `the clones took ${Math.round(cloneMs)} ms, more than ${CLONE_WARN_SHARE * 100} % of this host's freeze budget ` +
          `(${ctx.freezeBudgetMs / 1000} s): clone time grows with the masters' extent counts (iiadm -i shows them); ` +
          `defragment the masters or raise freezeBudgetSeconds`,
      });
    }
  }
  const sets = records.map((r) => r.shadow);
  await runCopiesToEnd(ctx, sets);
  return { sets, direction: args.direction, full: args.full, pointInTime: taken };
});
