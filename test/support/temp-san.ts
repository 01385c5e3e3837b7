// Test support: a temporary disk-group root with one disk group holding a master filled with
// non-repeating data, an empty shadow and a bitmap volume, all made with the engine's functions.
import { randomBytes } from "node:crypto";
import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDiskGroup } from "@/engine/disk-group";
import { createBitmapVolume, createVolume } from "@/engine/disk-group-volumes";

export interface TempSan {
  dir: string;
  root: string;
  stateDir: string;
  dgDir: string;
  master: string;
  shadow: string;
  bitmap: string;
  cleanup(): Promise<void>;
}

const BLOCK = 8 << 20;

export async function createTempSan(host: string, masterBytes: number): Promise<TempSan> {
  const dir = await mkdtemp(path.join(tmpdir(), "pitcrew-agent-"));
  const root = path.join(dir, "san");
  const { mkdir } = await import("node:fs/promises");
  await mkdir(root);
  const { dir: dgDir } = await createDiskGroup(root, "dg1", host);
  const master = (await createVolume(dgDir, "master", masterBytes, { host })).path;
  const shadow = (await createVolume(dgDir, "shadow", masterBytes, { host })).path;
  const bitmap = (await createBitmapVolume(dgDir, "bitmap", masterBytes, { host })).path;
  // One random block, made different per position by its first bytes: fast to write, no two chunks alike.
  const block = randomBytes(BLOCK);
  const fh = await open(master, "r+");
  try {
    for (let off = 0; off < masterBytes; off += BLOCK) {
      block.writeBigUInt64LE(BigInt(off), 0);
      await fh.write(block, 0, Math.min(BLOCK, masterBytes - off), off);
    }
  } finally {
    await fh.close();
  }
  return {
    dir,
    root,
    stateDir: path.join(dir, "state"),
    dgDir,
    master,
    shadow,
    bitmap,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
