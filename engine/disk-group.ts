// Creating a disk group (docs/architecture.md §2 "Disk group", docs/instant-image.md §8): a directory
// `<root>/<name>/` on storage several hosts reach, holding the metadata file. Like `vxdg init`,
// the new group is imported on the creating host with its (zero) volumes started.
import { randomUUID } from "node:crypto";
import { mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { EngineError } from "./engine-error";
import { readMetadata, writeMetadata, type DiskGroupMetadata } from "./disk-group-metadata";
import { assertHostName, assertObjectName } from "./disk-group-names";

export interface DiskGroup {
  dir: string;
  metadata: DiskGroupMetadata;
}

export async function createDiskGroup(root: string, name: string, host: string): Promise<DiskGroup> {
  assertObjectName("disk group name", name);
  assertHostName(host);
  const rootStat = await stat(root).catch(() => null);
  if (!rootStat) throw new EngineError("DG_ENOTFOUND", `disk group root ${root} does not exist`);
  if (!rootStat.isDirectory()) throw new EngineError("DG_EINVAL", `disk group root ${root} is not a directory`);
  const dir = path.join(root, name);
  try {
    // mkdir is the atomic claim of the name: of two hosts creating the same group, one fails here.
    await mkdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST")
      throw EngineError.fromErrno(err, `disk group ${name}: creating ${dir}`);
    const isGroup = await readMetadata(dir).then(
      () => true,
      (e: EngineError) => e.code !== "DG_ENOTFOUND",
    );
    throw new EngineError(
      "DG_EEXIST",
      isGroup
        ? `disk group ${name} already exists in ${root}`
        : `disk group ${name}: ${dir} already exists and is not a disk group`,
    );
  }
  const now = new Date().toISOString();
  const metadata: DiskGroupMetadata = {
    format: 1,
    id: randomUUID(),
    name,
    createdAt: now,
    owner: host,
    importGeneration: 1,
    lastImportedAt: now,
    lastDeportedAt: null,
    volumesStarted: true,
    volumes: [],
  };
  try {
    await writeMetadata(dir, metadata);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return { dir, metadata };
}
