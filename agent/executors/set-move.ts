// set.move (iiadm -g G -m, docs/instant-image.md §1.2): "" takes the sets out of their group.
import { moveToGroup } from "@/engine/set-control";
import { resolveVolumes } from "@/agent/resolve-volume";
import { defineExecutor } from "./executor-kit";

export const setMove = defineExecutor(
  "set.move",
  (a) => (Array.isArray(a.sets) ? a.sets.join(" ") : null),
  async (args, ctx) => {
    const sets = await resolveVolumes(args.sets, ctx.roots);
    await moveToGroup(ctx.engine, args.group, sets);
    return { group: args.group, sets };
  },
);
