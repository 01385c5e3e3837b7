// An archive directory's manifest (lib/archive-manifest.ts): written durably after every file is
// complete, and what verification reads back.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { archiveManifestSchema, type ArchiveManifest } from "@/lib/archive-manifest";
import { EngineError } from "./engine-error";
import { writeJsonDurably } from "./write-json-durably";

export const MANIFEST_FILE = "manifest.json";

export async function writeManifest(dir: string, manifest: ArchiveManifest): Promise<void> {
  await writeJsonDurably(path.join(dir, MANIFEST_FILE), manifest);
}

export async function readManifest(dir: string): Promise<ArchiveManifest> {
  const file = path.join(dir, MANIFEST_FILE);
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, "utf8"));
  } catch (err) {
    throw EngineError.fromErrno(err, `archive manifest ${file}`, "ARCHIVE_EREAD");
  }
  const parsed = archiveManifestSchema.safeParse(value);
  if (!parsed.success)
    throw new EngineError("ARCHIVE_EREAD", `archive manifest ${file} is not valid: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
