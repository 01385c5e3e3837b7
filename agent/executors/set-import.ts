// set.import (iiadm -I, docs/instant-image.md §3.6): an exported shadow, on the host that imports it.
import { importShadow } from "@/engine/set-export-join";
import { resolveVolumes } from "@/agent/resolve-volume";
import { defineExecutor } from "./executor-kit";

export const setImport = defineExecutor(
  "set.import",
  (a) => (typeof a.shadow === "string" ? a.shadow : null),
  async (args, ctx) => {
    const [shadow, bitmap] = (await resolveVolumes([args.shadow, args.bitmap], ctx.roots)) as [string, string];
    const record = await importShadow(ctx.engine, shadow, bitmap);
    return { set: record.shadow, bitmap: record.bitmap };
  },
);
