// A disk group's metadata file (docs/architecture.md §2, docs/instant-image.md §8.2): what VxVM keeps in the
// configuration copies on its disks — id, name, volumes, and the import lock (the owner host).
// It lives inside the group's directory, so it travels with the volumes, and is only ever
// replaced whole (write temp, fsync, rename, fsync dir): a reader on any host sees the old or the
// new version, never half of one.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { EngineError } from "./engine-error";
import { writeJsonDurably } from "./write-json-durably";

export const METADATA_FILE = ".pitcrew-dg.json";
export const METADATA_FORMAT = 1;

export interface DiskGroupVolume {
  name: string;
  kind: "file" | "block";
  /** Block devices are listed by path; file volumes are `<dg dir>/<name>`. */
  devicePath?: string;
  sizeBytes: number;
  role?: "data" | "bitmap";
  createdAt: string;
}

export interface DiskGroupMetadata {
  format: 1;
  id: string;
  name: string;
  createdAt: string;
  /** The import lock: the host that imported the group, null while deported. */
  owner: string | null;
  /** +1 on every import, so a host can tell the group moved since it last looked. */
  importGeneration: number;
  lastImportedAt: string | null;
  lastDeportedAt: string | null;
  /** vxvol startall / stopall: an imported group's volumes are unusable until started. */
  volumesStarted: boolean;
  volumes: DiskGroupVolume[];
}

export const metadataPath = (dgDir: string) => path.join(dgDir, METADATA_FILE);

export function volumePathOf(dgDir: string, vol: DiskGroupVolume): string {
  return vol.kind === "block" && vol.devicePath ? vol.devicePath : path.join(dgDir, vol.name);
}

const isStringOrNull = (v: unknown) => v === null || typeof v === "string";

function checkVolume(v: unknown, i: number): void {
  const vol = v as Partial<DiskGroupVolume> | null;
  const bad = (what: string) => {
    throw new Error(`volumes[${i}]: ${what}`);
  };
  if (!vol || typeof vol !== "object") bad("not an object");
  if (typeof vol!.name !== "string" || !vol!.name) bad("no name");
  if (vol!.kind !== "file" && vol!.kind !== "block") bad(`kind '${String(vol!.kind)}' is neither file nor block`);
  if (vol!.kind === "block" && typeof vol!.devicePath !== "string") bad("block device without devicePath");
  if (typeof vol!.sizeBytes !== "number" || !(vol!.sizeBytes >= 0)) bad("no sizeBytes");
  if (vol!.role !== undefined && vol!.role !== "data" && vol!.role !== "bitmap") bad(`role '${String(vol!.role)}'`);
  if (typeof vol!.createdAt !== "string") bad("no createdAt");
}

/** Parses and checks the file's text; throws an Error saying what is wrong. */
export function parseMetadata(text: string): DiskGroupMetadata {
  const md = JSON.parse(text) as Partial<DiskGroupMetadata> | null;
  if (!md || typeof md !== "object") throw new Error("not a JSON object");
  if (md.format !== METADATA_FORMAT)
    throw new Error(`format ${String(md.format)} is not ${METADATA_FORMAT} (written by another pitcrew version?)`);
  for (const key of ["id", "name", "createdAt"] as const) {
    if (typeof md[key] !== "string" || !md[key]) throw new Error(`no ${key}`);
  }
  for (const key of ["owner", "lastImportedAt", "lastDeportedAt"] as const) {
    if (!isStringOrNull(md[key])) throw new Error(`${key} is neither a string nor null`);
  }
  if (!Number.isSafeInteger(md.importGeneration) || md.importGeneration! < 0)
    throw new Error("importGeneration is not a count");
  if (typeof md.volumesStarted !== "boolean") throw new Error("volumesStarted is not a boolean");
  if (!Array.isArray(md.volumes)) throw new Error("volumes is not a list");
  md.volumes.forEach(checkVolume);
  return md as DiskGroupMetadata;
}

/** Reads a group's metadata: DG_ENOTFOUND when the directory is no disk group, DG_EDAMAGED when unreadable. */
export async function readMetadata(dgDir: string): Promise<DiskGroupMetadata> {
  const file = metadataPath(dgDir);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") {
      throw new EngineError("DG_ENOTFOUND", `${dgDir} is not a disk group (no ${METADATA_FILE})`);
    }
    throw new EngineError("DG_EDAMAGED", `disk group ${dgDir}: cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    return parseMetadata(text);
  } catch (err) {
    throw new EngineError("DG_EDAMAGED", `disk group ${dgDir}: metadata ${file} is damaged: ${(err as Error).message}`);
  }
}

/** Replaces the metadata atomically. Callers hold the group's lock (disk-group-lock.ts). */
export async function writeMetadata(dgDir: string, md: DiskGroupMetadata): Promise<void> {
  const file = metadataPath(dgDir);
  await writeJsonDurably(file, md).catch((err: unknown) => {
    throw EngineError.fromErrno(err, `disk group ${md.name}: writing ${file}`);
  });
}
