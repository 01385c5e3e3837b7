// The demo SAN of `npm start` (issue 4, "npm start: the embedded default"): the seed procedure's
// layout as file-backed volumes under one disk-group root. `production` holds the masters vol01…vol05
// and their bitmaps, `backup` the shadows and the secondary bitmaps; both start imported on the
// production host, as in the seed. Everything is made with the engine's own functions, so the
// metadata is exactly what `pitcrew dg --local` would write.
//
// Idempotent and never destructive: a group or volume that exists is left as it is (the operator
// may have moved groups between hosts or written to the volumes since), only missing ones are made.
import { randomBytes } from "node:crypto";
import { mkdir, open } from "node:fs/promises";
import path from "node:path";
import { createDiskGroup } from "@/engine/disk-group";
import { readMetadata, type DiskGroupMetadata } from "@/engine/disk-group-metadata";
import { createBitmapVolume, createVolume } from "@/engine/disk-group-volumes";
import { EngineError } from "@/engine/engine-error";

export const DEMO_VOLUME_BYTES = 64 * 1024 * 1024;
export const DEMO_VOLUMES = ["vol01", "vol02", "vol03", "vol04", "vol05"] as const;
export const DEMO_DISK_GROUPS = ["production", "backup"] as const;
/** Bytes of pseudo-random data at the start of each production volume: enough to see a copy move. */
export const DEMO_DATA_BYTES = 4 * 1024 * 1024;
const DATA_BLOCK = 1024 * 1024;

export interface DemoSanOptions {
  /** The host both groups are imported on (the seed's production server). */
  hostName: string;
}

export interface DemoSan {
  sanDir: string;
  /** Names of the volumes this call made, as "dg/vol"; empty when the SAN was already complete. */
  created: string[];
}

async function openOrCreateGroup(
  sanDir: string,
  name: string,
  hostName: string,
): Promise<{ dir: string; metadata: DiskGroupMetadata }> {
  const dir = path.join(sanDir, name);
  try {
    return { dir, metadata: await readMetadata(dir) };
  } catch (err) {
    if (!(err instanceof EngineError) || err.code !== "DG_ENOTFOUND") throw err;
  }
  return createDiskGroup(sanDir, name, hostName);
}

/**
 * Fills the first DEMO_DATA_BYTES with random data, each 1 MiB block opening with a readable label
 * (`head -c 60 vol01` names it), so no two chunks are alike and a copy is visible with `cmp`.
 */
async function writeDemoData(file: string, label: string): Promise<void> {
  const fh = await open(file, "r+");
  try {
    for (let at = 0; at < DEMO_DATA_BYTES; at += DATA_BLOCK) {
      const block = randomBytes(DATA_BLOCK);
      block.write(`pitcrew demo SAN: ${label} block ${at / DATA_BLOCK}\n`, 0, "utf8");
      await fh.write(block, 0, block.length, at);
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Creates whatever part of the demo SAN under `sanDir` is missing; see the file comment. */
export async function createDemoSan(sanDir: string, { hostName }: DemoSanOptions): Promise<DemoSan> {
  await mkdir(sanDir, { recursive: true });
  const created: string[] = [];
  for (const dgName of DEMO_DISK_GROUPS) {
    const { dir, metadata } = await openOrCreateGroup(sanDir, dgName, hostName);
    const existing = new Set(metadata.volumes.map((v) => v.name));
    for (const vol of DEMO_VOLUMES) {
      if (!existing.has(vol)) {
        const { path: file } = await createVolume(dir, vol, DEMO_VOLUME_BYTES, { host: hostName });
        // Only masters get data: the shadows receive theirs from the first copy.
        if (dgName === "production") await writeDemoData(file, `${dgName}/${vol}`);
        created.push(`${dgName}/${vol}`);
      }
      const bitmap = `${vol}.bmp`;
      if (!existing.has(bitmap)) {
        await createBitmapVolume(dir, bitmap, DEMO_VOLUME_BYTES, { host: hostName });
        created.push(`${dgName}/${bitmap}`);
      }
    }
  }
  return { sanDir, created };
}
