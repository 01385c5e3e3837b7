// set.copy (iiadm -c / -u, instant-image.md §5.3): the copy or update runs to its end inside the
// job, which succeeds only when every copy completed. The moment each set's point in time exists
// is reported on its own ("point-in-time" event): for instant sets that is right after their
// clones, and the application may write again while the copy goes on (the runbook resumes it then).
import { startCopy, type PointInTimeTaken } from "@/engine/set-copy-start";
import { defineExecutor, engineTarget, runCopiesToEnd, targetObject } from "./executor-kit";

export const setCopy = defineExecutor("set.copy", targetObject, async (args, ctx) => {
  const target = await engineTarget(args.target, ctx.roots);
  ctx.emit({ type: "phase", message: `${args.full ? "copy" : "update"} to ${args.direction === "s" ? "shadow" : "master"}` });
  let taken: PointInTimeTaken[] = [];
  const records = await startCopy(ctx.engine, {
    target, direction: args.direction, full: args.full, onPointInTime: (t) => { taken = t; },
  });
  if (taken.length) {
    const instant = taken.filter((t) => t.mode === "instant");
    const scan = taken.filter((t) => t.mode === "scan");
    const parts = [
      instant.length ? `cloned ${instant.map((t) => `${t.set} (${t.cloneMs} ms)`).join(", ")}` : "",
      scan.length ? `scan mode, complete only when the copy ends: ${scan.map((t) => t.set).join(", ")}` : "",
    ].filter(Boolean);
    ctx.emit({ type: "point-in-time", message: `point in time: ${parts.join("; ")}`, pointInTime: { at: Date.now(), sets: taken } });
  }
  const sets = records.map((r) => r.shadow);
  await runCopiesToEnd(ctx, sets);
  return { sets, direction: args.direction, full: args.full, pointInTime: taken };
});
