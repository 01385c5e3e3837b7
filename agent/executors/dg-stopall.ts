// dg.stopall (vxvol stopall, docs/instant-image.md §8.4): refused while a volume is in use.
import { stopAll } from "@/engine/disk-group-ownership";
import { volumeInUseReason } from "@/engine/sv";
import { findDiskGroupDir } from "@/agent/resolve-volume";
import { defineExecutor } from "./executor-kit";

export const dgStopall = defineExecutor(
  "dg.stopall",
  (a) => (typeof a.diskGroup === "string" ? a.diskGroup : null),
  async (args, ctx) => {
    const md = await stopAll(findDiskGroupDir(args.diskGroup, ctx.roots), ctx.hostName, (p) =>
      volumeInUseReason(ctx.engine, p),
    );
    return { diskGroup: md.name, volumesStarted: md.volumesStarted };
  },
);
