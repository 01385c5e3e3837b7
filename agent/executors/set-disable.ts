// set.disable (iiadm -d, docs/instant-image.md §5.4).
import { disableSets } from "@/engine/set-disable";
import { defineExecutor, engineTarget, targetObject } from "./executor-kit";

export const setDisable = defineExecutor("set.disable", targetObject, async (args, ctx) => {
  const target = await engineTarget(args.target, ctx.roots);
  const { importerWrites } = await disableSets(ctx.engine, target);
  return { target, importerWrites };
});
