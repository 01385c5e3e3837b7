// archive.delete: removes one built-in archive under the agent's archiveRoots (a runbook keeping
// its last N archives). The engine refuses a directory that is not exactly an archive.
import { deleteArchive } from "@/engine/delete-archive";
import { EngineError } from "@/engine/engine-error";
import { confineToRoots } from "@/engine/volume";
import { JobFailure } from "@/agent/job-failure";
import { defineExecutor } from "./executor-kit";

export const archiveDelete = defineExecutor("archive.delete", (a) => (typeof a.targetDir === "string" ? a.targetDir : null), async (args, ctx) => {
  try {
    await confineToRoots(args.targetDir, ctx.archiveRoots, "archive target");
  } catch (err) {
    if (err instanceof EngineError) throw new JobFailure("ARCHIVE_EWRITE", err.message, args.targetDir);
    throw err;
  }
  const { dir, deleted } = await deleteArchive(args.targetDir, args.label);
  ctx.emit({ type: "log", message: deleted ? `deleted archive ${dir}` : `archive ${dir} was already gone` });
  return { dir, deleted };
});
