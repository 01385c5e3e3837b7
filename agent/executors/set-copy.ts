// set.copy (iiadm -c / -u, instant-image.md §5.3): the copy or update runs to its end inside the job.
import { startCopy } from "@/engine/set-copy-start";
import { defineExecutor, engineTarget, runCopiesToEnd, targetObject } from "./executor-kit";

export const setCopy = defineExecutor("set.copy", targetObject, async (args, ctx) => {
  const target = await engineTarget(args.target, ctx.roots);
  ctx.emit({ type: "phase", message: `${args.full ? "copy" : "update"} to ${args.direction === "s" ? "shadow" : "master"}` });
  const records = await startCopy(ctx.engine, { target, direction: args.direction, full: args.full });
  const sets = records.map((r) => r.shadow);
  await runCopiesToEnd(ctx, sets);
  return { sets, direction: args.direction, full: args.full };
});
