// Listing the disk groups under the configured roots (docs/architecture.md §2; `vxdg list` / `vxprint`):
// every directory holding a metadata file, with its volumes' paths and real sizes. A damaged
// metadata file is reported as such — it may be the only sign that two hosts fought over the
// group — and never stops the other groups from being listed.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { EngineError } from "./engine-error";
import { readMetadata, volumePathOf, type DiskGroupMetadata, type DiskGroupVolume } from "./disk-group-metadata";
import { volumeInfo } from "./volume";

export interface ListedVolume extends DiskGroupVolume {
  path: string;
  /** The size read from the file or device now; null when it cannot be read. */
  actualSizeBytes: number | null;
  problem: string | null;
}

export interface ListedDiskGroup {
  dir: string;
  /** The directory's name; the metadata's name when readable. */
  name: string;
  metadata: DiskGroupMetadata | null;
  /** Why the metadata cannot be used, when it cannot. */
  damaged: string | null;
  volumes: ListedVolume[];
}

async function listVolumes(dir: string, md: DiskGroupMetadata): Promise<ListedVolume[]> {
  return Promise.all(
    md.volumes.map(async (v) => {
      const p = volumePathOf(dir, v);
      const info = await volumeInfo(p).then(
        (i) => ({ size: i.sizeBytes, problem: null }),
        (err: Error) => ({ size: null, problem: err.message }),
      );
      return { ...v, path: p, actualSizeBytes: info.size, problem: info.problem };
    }),
  );
}

export async function listDiskGroups(
  roots: readonly string[],
  warn: (message: string) => void = () => {},
): Promise<ListedDiskGroup[]> {
  const groups: ListedDiskGroup[] = [];
  for (const root of roots) {
    const entries = await readdir(root, { withFileTypes: true }).catch((err: Error) => {
      warn(`disk group root ${root} cannot be read: ${err.message}`);
      return [];
    });
    const dirs = entries
      .filter((e) => e.isDirectory() && !e.name.startsWith("."))
      .map((e) => e.name)
      .sort();
    for (const name of dirs) {
      const dir = path.join(root, name);
      try {
        const metadata = await readMetadata(dir);
        groups.push({ dir, name: metadata.name, metadata, damaged: null, volumes: await listVolumes(dir, metadata) });
      } catch (err) {
        if (!(err instanceof EngineError)) throw err;
        if (err.code === "DG_ENOTFOUND") continue; // an ordinary directory, not a disk group
        groups.push({ dir, name, metadata: null, damaged: err.message, volumes: [] });
      }
    }
  }
  return groups;
}
