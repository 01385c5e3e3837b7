// Deletes one archive made by createArchive (a runbook's keepArchives): only a directory that holds
// a readable manifest and nothing but the manifest's files, so a mistyped label can never remove
// anything else under an archive root.
import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import { MANIFEST_FILE, readManifest } from "./archive-manifest";
import { EngineError } from "./engine-error";

export async function deleteArchive(targetDir: string, label: string): Promise<{ dir: string; deleted: boolean }> {
  const dir = path.join(targetDir, label);
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (err) {
    // Already gone (a retried delete): nothing to do.
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { dir, deleted: false };
    throw EngineError.fromErrno(err, `archive directory ${dir}`, "ARCHIVE_EREAD");
  }
  const manifest = await readManifest(dir);
  if (manifest.label !== label) {
    throw new EngineError(
      "ARCHIVE_EMISMATCH",
      `archive ${dir}: its manifest names label ${manifest.label}, not ${label}; not deleted`,
    );
  }
  const expected = new Set([MANIFEST_FILE, ...manifest.volumes.map((v) => v.file)]);
  const stranger = entries.find((e) => !expected.has(e));
  if (stranger)
    throw new EngineError(
      "ARCHIVE_EMISMATCH",
      `archive ${dir} holds ${stranger}, which its manifest does not list; not deleted`,
    );
  await rm(dir, { recursive: true });
  return { dir, deleted: true };
}
