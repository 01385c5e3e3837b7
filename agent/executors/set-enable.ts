// set.enable (iiadm -e, docs/instant-image.md §5.1): an independent set's full copy runs to its end
// inside the job, so the job succeeds only once the shadow is a full copy.
import { enableSet } from "@/engine/set-enable";
import { resolveVolumes } from "@/agent/resolve-volume";
import { defineExecutor, runCopiesToEnd } from "./executor-kit";

export const setEnable = defineExecutor(
  "set.enable",
  (a) => (typeof a.shadow === "string" ? a.shadow : null),
  async (args, ctx) => {
    const [master, shadow, bitmap] = (await resolveVolumes([args.master, args.shadow, args.bitmap], ctx.roots)) as [
      string,
      string,
      string,
    ];
    ctx.emit({ type: "phase", message: "enabling" });
    const record = await enableSet(ctx.engine, {
      type: args.type,
      master,
      shadow,
      bitmap,
      group: args.group,
      consistency: args.consistency,
    });
    ctx.emit({
      type: "log",
      message: `enabled ${args.type === "ind" ? "independent" : "dependent"} set ${record.shadow}`,
    });
    if (args.type === "ind") await runCopiesToEnd(ctx, [record.shadow]);
    return { set: record.shadow, master: record.master, bitmap: record.bitmap, mode: args.type };
  },
);
