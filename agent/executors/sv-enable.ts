// sv.enable (svadm -e, docs/instant-image.md §7).
import { svEnable } from "@/engine/sv";
import { resolveVolumes } from "@/agent/resolve-volume";
import { defineExecutor } from "./executor-kit";

export const svEnableExecutor = defineExecutor(
  "sv.enable",
  (a) => (Array.isArray(a.volumes) ? a.volumes.join(" ") : null),
  async (args, ctx) => {
    const enabled = await svEnable(ctx.engine, await resolveVolumes(args.volumes, ctx.roots));
    return { enabled };
  },
);
