// dg.startall (vxvol startall, docs/instant-image.md §8.4).
import { startAll } from "@/engine/disk-group-ownership";
import { findDiskGroupDir } from "@/agent/resolve-volume";
import { defineExecutor } from "./executor-kit";

export const dgStartall = defineExecutor(
  "dg.startall",
  (a) => (typeof a.diskGroup === "string" ? a.diskGroup : null),
  async (args, ctx) => {
    const md = await startAll(findDiskGroupDir(args.diskGroup, ctx.roots), ctx.hostName);
    return { diskGroup: md.name, volumesStarted: md.volumesStarted };
  },
);
