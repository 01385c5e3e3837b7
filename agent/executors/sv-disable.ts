// sv.disable (svadm -d, docs/instant-image.md §7).
import { svDisable } from "@/engine/sv";
import { resolveVolumes } from "@/agent/resolve-volume";
import { defineExecutor } from "./executor-kit";

export const svDisableExecutor = defineExecutor(
  "sv.disable",
  (a) => (Array.isArray(a.volumes) ? a.volumes.join(" ") : null),
  async (args, ctx) => {
    const disabled = await svDisable(ctx.engine, await resolveVolumes(args.volumes, ctx.roots));
    return { disabled };
  },
);
