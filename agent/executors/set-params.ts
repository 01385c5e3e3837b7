// set.params (iiadm -P, docs/instant-image.md §6.4): the copy throttle.
import { copyParameters } from "@/engine/set-control";
import { defineExecutor, engineTarget, targetObject } from "./executor-kit";

export const setParams = defineExecutor("set.params", targetObject, async (args, ctx) => {
  const target = await engineTarget(args.target, ctx.roots);
  const throttles = await copyParameters(ctx.engine, target, { delay: args.delay, unit: args.unit });
  return { throttles };
});
