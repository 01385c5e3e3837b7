// archive.delete: removes one built-in archive under the agent's archiveRoots (a runbook keeping
// its last N archives). The engine refuses a directory that is not exactly an archive.
import { deleteArchive } from "@/engine/delete-archive";
import { resolveArchiveTarget } from "@/agent/archive-target";
import { defineExecutor } from "./executor-kit";

export const archiveDelete = defineExecutor(
  "archive.delete",
  (a) => (typeof a.targetDir === "string" ? a.targetDir : null),
  async (args, ctx) => {
    const targetDir = await resolveArchiveTarget(args.targetDir, ctx.archiveRoots, ctx.hostName);
    const { dir, deleted } = await deleteArchive(targetDir, args.label);
    ctx.emit({ type: "log", message: deleted ? `deleted archive ${dir}` : `archive ${dir} was already gone` });
    return { dir, deleted };
  },
);
