// dg.create (vxdg init, docs/architecture.md §2): in the first root, imported here with volumes started.
import { existsSync } from "node:fs";
import path from "node:path";
import { createDiskGroup } from "@/engine/disk-group";
import { METADATA_FILE } from "@/engine/disk-group-metadata";
import { JobFailure } from "@/agent/job-failure";
import { defineExecutor } from "./executor-kit";

const dgObject = (a: Record<string, unknown>) => (typeof a.diskGroup === "string" ? a.diskGroup : null);

export const dgCreate = defineExecutor("dg.create", dgObject, async (args, ctx) => {
  const elsewhere = ctx.roots.find((r) => existsSync(path.join(r, args.diskGroup, METADATA_FILE)));
  if (elsewhere)
    throw new JobFailure("DG_EEXIST", `disk group ${args.diskGroup} already exists in ${elsewhere}`, args.diskGroup);
  const { dir, metadata } = await createDiskGroup(ctx.roots[0]!, args.diskGroup, ctx.hostName);
  return { diskGroup: metadata.name, dir };
});
