// set.reset (iiadm -R, docs/instant-image.md §6.5): an independent set's new full copy runs to its end.
import { resolveTarget } from "@/engine/set-target";
import { resetSets } from "@/engine/set-reset";
import { defineExecutor, engineTarget, runCopiesToEnd, targetObject } from "./executor-kit";

export const setReset = defineExecutor("set.reset", targetObject, async (args, ctx) => {
  const target = await engineTarget(args.target, ctx.roots);
  const sets = resolveTarget(await ctx.engine.config.read(), target).map((r) => r.shadow);
  await resetSets(ctx.engine, target);
  await runCopiesToEnd(ctx, sets);
  return { sets };
});
