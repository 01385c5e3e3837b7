// Where archive.create and archive.delete may work: a target confined to the agent's archiveRoots.
// A relative target is taken under the first root, so a runbook can name "lan-free-demo" without
// knowing where each backup host keeps its archives.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { EngineError } from "@/engine/engine-error";
import { confineToRoots } from "@/engine/volume";
import { JobFailure } from "@/agent/job-failure";

export async function resolveArchiveTarget(
  targetDir: string,
  archiveRoots: readonly string[],
  hostName: string,
): Promise<string> {
  if (!archiveRoots.length) {
    throw new JobFailure(
      "ARCHIVE_EWRITE",
      `host ${hostName} has no archiveRoots in its agent config: it archives nowhere`,
      targetDir,
    );
  }
  const absolute = path.isAbsolute(targetDir) ? targetDir : path.join(archiveRoots[0]!, targetDir);
  try {
    // A relative target is the agent's own folder under its root: made on first use.
    if (!path.isAbsolute(targetDir)) await mkdir(absolute, { recursive: true });
    return await confineToRoots(absolute, archiveRoots, "archive target");
  } catch (err) {
    if (err instanceof EngineError) throw new JobFailure("ARCHIVE_EWRITE", err.message, targetDir);
    throw err;
  }
}
