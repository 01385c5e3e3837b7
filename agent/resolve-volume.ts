// Turns a job's volume operand into a path on this host (docs/architecture.md §4): "dg/vol" names a volume
// of a disk group under one of the configured roots; an absolute path must lie under a root
// (engine confineToRoots), so the console can reach nothing else on the host.
import { existsSync } from "node:fs";
import path from "node:path";
import { readMetadata, volumePathOf, METADATA_FILE } from "@/engine/disk-group-metadata";
import { EngineError } from "@/engine/engine-error";
import { confineToRoots } from "@/engine/volume";
import { JobFailure } from "./job-failure";

/** The directory of disk group `name` under the roots; fails naming it when absent or ambiguous. */
export function findDiskGroupDir(name: string, roots: readonly string[]): string {
  const found = roots.map((r) => path.join(r, name)).filter((d) => existsSync(path.join(d, METADATA_FILE)));
  if (!found.length)
    throw new JobFailure("DG_ENOTFOUND", `disk group ${name} not found under ${roots.join(", ")}`, name);
  if (found.length > 1)
    throw new JobFailure("DG_EINVAL", `disk group ${name} exists under several roots (${found.join(", ")})`, name);
  return found[0]!;
}

export async function resolveVolume(operand: string, roots: readonly string[]): Promise<string> {
  const fail = (why: string): never => {
    throw new JobFailure("DSW_EOPEN", `volume ${JSON.stringify(operand)}: ${why}`, operand);
  };
  if (path.isAbsolute(operand)) {
    if (operand.split("/").includes("..")) fail("contains '..'");
    try {
      await confineToRoots(operand, roots);
    } catch (err) {
      if (err instanceof EngineError) fail(err.message);
      throw err;
    }
    // The operand's own spelling (not its realpath) is the name sets are recorded under.
    return path.normalize(operand);
  }
  const parts = operand.split("/");
  if (parts.length !== 2 || parts.some((p) => !p || p === "." || p === ".."))
    fail("must be dg/vol or an absolute path");
  const [dg, vol] = parts as [string, string];
  let dgDir: string;
  try {
    dgDir = findDiskGroupDir(dg, roots);
  } catch (err) {
    return fail((err as Error).message);
  }
  const md = await readMetadata(dgDir).catch((err: Error) => fail(`disk group ${dg} cannot be read: ${err.message}`));
  const listed = md.volumes.find((v) => v.name === vol);
  if (!listed) fail(`disk group ${dg} has no volume ${vol}`);
  return volumePathOf(dgDir, listed!);
}

export function resolveVolumes(operands: readonly string[], roots: readonly string[]): Promise<string[]> {
  return Promise.all(operands.map((o) => resolveVolume(o, roots)));
}
