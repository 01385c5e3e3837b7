// dg.import (vxdg import [-C], docs/instant-image.md §8.3): a cleared lock comes back as a warning,
// in the result and as a "warning" event, for the audit trail.
import { importDiskGroup } from "@/engine/disk-group-ownership";
import { findDiskGroupDir } from "@/agent/resolve-volume";
import { defineExecutor } from "./executor-kit";

export const dgImport = defineExecutor(
  "dg.import",
  (a) => (typeof a.diskGroup === "string" ? a.diskGroup : null),
  async (args, ctx) => {
    const { metadata, warning } = await importDiskGroup(findDiskGroupDir(args.diskGroup, ctx.roots), ctx.hostName, {
      clearLock: args.clearLock,
    });
    if (warning) ctx.emit({ type: "warning", message: warning });
    return { diskGroup: metadata.name, importGeneration: metadata.importGeneration, warning };
  },
);
