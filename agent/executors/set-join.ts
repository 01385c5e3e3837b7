// set.join (iiadm -J, docs/instant-image.md §3.6): the shadow comes home with the importer's changes.
import { joinShadow } from "@/engine/set-export-join";
import { resolveVolumes } from "@/agent/resolve-volume";
import { defineExecutor } from "./executor-kit";

export const setJoin = defineExecutor(
  "set.join",
  (a) => (typeof a.shadow === "string" ? a.shadow : null),
  async (args, ctx) => {
    const [shadow, bitmap] = (await resolveVolumes([args.shadow, args.bitmap], ctx.roots)) as [string, string];
    const { chunksMerged, rescanBecause } = await joinShadow(ctx.engine, { shadow, bitmap, force: args.force });
    return { set: shadow, chunksMerged, rescanBecause };
  },
);
