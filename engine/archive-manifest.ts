// An archive directory's manifest (issue 6: volume, size, SHA-256, set, point-in-time, run): what
// was archived, written durably after every file is complete, and what verification reads back.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { EngineError } from "./engine-error";
import { writeJsonDurably } from "./write-json-durably";

export const MANIFEST_FILE = "manifest.json";

export const archiveManifestSchema = z.object({
  formatVersion: z.literal(1),
  /** The run (or operator) label the archive was made for; also the directory's name. */
  label: z.string(),
  host: z.string(),
  createdAt: z.string(),
  /** When the point in time was taken (ISO 8601), if the caller knows it. */
  pointInTime: z.string().nullable(),
  volumes: z.array(z.object({
    volume: z.string(),
    /** The set the volume is the shadow of, if any. */
    set: z.string().nullable(),
    /** File name inside the archive directory. */
    file: z.string(),
    sizeBytes: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  })),
});
export type ArchiveManifest = z.infer<typeof archiveManifestSchema>;

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
  if (!parsed.success) throw new EngineError("ARCHIVE_EREAD", `archive manifest ${file} is not valid: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
