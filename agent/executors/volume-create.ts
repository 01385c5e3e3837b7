// volume.create (vxassist make, docs/instant-image.md §8.1, §3.3): a data volume, or a bitmap volume
// sized for a master of bitmapForMasterBytes and the set kind it is for (bitmapKind).
import { createBitmapVolume, createVolume } from "@/engine/disk-group-volumes";
import { findDiskGroupDir } from "@/agent/resolve-volume";
import { defineExecutor } from "./executor-kit";

export const volumeCreate = defineExecutor(
  "volume.create",
  (a) => (typeof a.diskGroup === "string" && typeof a.name === "string" ? `${a.diskGroup}/${a.name}` : null),
  async (args, ctx) => {
    const dir = findDiskGroupDir(args.diskGroup, ctx.roots);
    const opts = { host: ctx.hostName, preallocate: args.preallocate };
    const { path, volume } =
      args.bitmapForMasterBytes !== null
        ? await createBitmapVolume(dir, args.name, args.bitmapForMasterBytes, { ...opts, kind: args.bitmapKind })
        : await createVolume(dir, args.name, args.sizeBytes, opts);
    return {
      volume: `${args.diskGroup}/${args.name}`,
      path,
      sizeBytes: volume.sizeBytes,
      role: volume.role ?? "data",
      ...(args.bitmapForMasterBytes !== null ? { bitmapKind: args.bitmapKind } : {}),
    };
  },
);
