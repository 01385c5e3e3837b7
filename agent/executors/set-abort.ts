// set.abort (iiadm -a, docs/instant-image.md §6.3): stops running copies, leaving "copy not active".
import { abortCopies } from "@/engine/set-control";
import { defineExecutor, engineTarget, targetObject } from "./executor-kit";

export const setAbort = defineExecutor("set.abort", targetObject, async (args, ctx) => {
  const target = await engineTarget(args.target, ctx.roots);
  await abortCopies(ctx.engine, target);
  return { target };
});
