// dg.deport (vxdg deport, docs/instant-image.md §8.2): refused while a volume is in use.
import { deportDiskGroup } from "@/engine/disk-group-ownership";
import { volumeInUseReason } from "@/engine/sv";
import { findDiskGroupDir } from "@/agent/resolve-volume";
import { defineExecutor } from "./executor-kit";

export const dgDeport = defineExecutor(
  "dg.deport",
  (a) => (typeof a.diskGroup === "string" ? a.diskGroup : null),
  async (args, ctx) => {
    const md = await deportDiskGroup(findDiskGroupDir(args.diskGroup, ctx.roots), ctx.hostName, (p) =>
      volumeInUseReason(ctx.engine, p),
    );
    return { diskGroup: md.name };
  },
);
