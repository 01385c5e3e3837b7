// set.export (iiadm -E, docs/instant-image.md §3.6).
import { exportSets } from "@/engine/set-export-join";
import { defineExecutor, engineTarget, targetObject } from "./executor-kit";

export const setExport = defineExecutor("set.export", targetObject, async (args, ctx) => {
  const target = await engineTarget(args.target, ctx.roots);
  await exportSets(ctx.engine, target);
  return { target };
});
