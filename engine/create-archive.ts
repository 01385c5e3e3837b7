// An archive of several volumes in one new directory `<targetDir>/<label>`: each volume streamed
// to a file with its SHA-256, the manifest written once all are complete, then every file read
// back and checked against the manifest. A failure at any point leaves no manifest, so an
// incomplete archive can never pass for a good one.
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import type { ArchiveManifest } from "@/lib/archive-manifest";
import { readManifest, writeManifest } from "./archive-manifest";
import { archiveVolume, hashFile } from "./archive-volume";
import { EngineError } from "./engine-error";
import { volumeInfo } from "./volume";

export interface CreateArchiveInput {
  volumes: readonly { path: string; set: string | null }[];
  targetDir: string;
  label: string;
  host: string;
  pointInTime: string | null;
}

export interface ArchiveProgress {
  phase: "archiving" | "verifying";
  volume: string;
  bytesDone: number;
  bytesTotal: number;
}

export interface ArchiveRunOptions {
  signal?: AbortSignal;
  onProgress?: (p: ArchiveProgress) => void;
}

/** "/san/backup/vol01" → "backup-vol01.img": the disk group keeps names from two groups apart. */
export function archiveFileName(volume: string): string {
  return `${path.basename(path.dirname(volume))}-${path.basename(volume)}.img`;
}

/** Refuses a label that could not be a directory name of its own (directory and tape archives alike). */
export function checkArchiveLabel(label: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(label)) {
    throw new EngineError("ARCHIVE_EWRITE", `archive label ${JSON.stringify(label)}: letters, digits, . _ - only`);
  }
}

export async function createArchive(
  input: CreateArchiveInput,
  opts: ArchiveRunOptions = {},
): Promise<{ dir: string; manifest: ArchiveManifest }> {
  checkArchiveLabel(input.label);
  const names = input.volumes.map((v) => archiveFileName(v.path));
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new EngineError("ARCHIVE_EWRITE", `two volumes would share the archive file ${twice}`);
  const dir = path.join(input.targetDir, input.label);
  try {
    await mkdir(dir, { recursive: false });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST")
      throw new EngineError("ARCHIVE_EEXIST", `archive ${dir} already exists`);
    throw EngineError.fromErrno(err, `archive directory ${dir}`, "ARCHIVE_EWRITE");
  }
  try {
    return await fillArchive(input, dir, names, opts);
  } catch (err) {
    // The directory is this call's own (made above): an archive that failed leaves nothing
    // behind, so a retry with the same label (a resumed run) starts clean.
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    throw err;
  }
}

async function fillArchive(
  input: CreateArchiveInput,
  dir: string,
  names: string[],
  opts: ArchiveRunOptions,
): Promise<{ dir: string; manifest: ArchiveManifest }> {
  const sizes = await Promise.all(input.volumes.map(async (v) => (await volumeInfo(v.path)).sizeBytes));
  const bytesTotal = sizes.reduce((a, b) => a + b, 0);
  let before = 0;
  const entries: ArchiveManifest["volumes"] = [];
  for (const [i, v] of input.volumes.entries()) {
    const archived = await archiveVolume(v.path, path.join(dir, names[i]!), {
      signal: opts.signal,
      onProgress: (done) =>
        opts.onProgress?.({ phase: "archiving", volume: v.path, bytesDone: before + done, bytesTotal }),
    });
    entries.push({
      volume: v.path,
      set: v.set,
      file: names[i]!,
      sizeBytes: archived.sizeBytes,
      sha256: archived.sha256,
    });
    before += archived.sizeBytes;
  }
  const manifest: ArchiveManifest = {
    formatVersion: 1,
    label: input.label,
    host: input.host,
    createdAt: new Date().toISOString(),
    pointInTime: input.pointInTime,
    volumes: entries,
  };
  await writeManifest(dir, manifest);
  await verifyArchive(dir, opts);
  return { dir, manifest };
}

/** Reads every file of an archive back and compares size and SHA-256 with its manifest. */
export async function verifyArchive(dir: string, opts: ArchiveRunOptions = {}): Promise<ArchiveManifest> {
  const manifest = await readManifest(dir);
  const bytesTotal = manifest.volumes.reduce((a, v) => a + v.sizeBytes, 0);
  let before = 0;
  for (const entry of manifest.volumes) {
    const file = path.join(dir, entry.file);
    const read = await hashFile(file, {
      signal: opts.signal,
      onProgress: (done) =>
        opts.onProgress?.({ phase: "verifying", volume: entry.volume, bytesDone: before + done, bytesTotal }),
    });
    if (read.sizeBytes !== entry.sizeBytes || read.sha256 !== entry.sha256) {
      throw new EngineError(
        "ARCHIVE_EMISMATCH",
        `archive file ${file} does not match its manifest: ${read.sizeBytes} bytes, SHA-256 ${read.sha256}; manifest says ${entry.sizeBytes} bytes, ${entry.sha256}`,
      );
    }
    before += entry.sizeBytes;
  }
  return manifest;
}
