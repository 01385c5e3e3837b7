// The copy loop's checkpoints run while the copy goes on: what they persist must still only
// ever name chunks that are on the target, and they must land one at a time, in order.
import { openSync, readSync, closeSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHUNK_BYTES } from "@/lib/bitmap-size";
import { cleanup, cmpEqual, makeVolume, scratchDir } from "@/test/support/local-iiadm";
import { Bitmap } from "./bitmap";
import { copyChunks } from "./copy";
import { DigestFile } from "./digest-file";
import { volumeInfo } from "./volume";

const MiB = 1024 * 1024;
const SIZE = 64 * MiB;
const CHUNKS = SIZE / CHUNK_BYTES;

function readChunk(file: string, chunk: number): Buffer {
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.alloc(CHUNK_BYTES);
    readSync(fd, buf, 0, CHUNK_BYTES, chunk * CHUNK_BYTES);
    return buf;
  } finally {
    closeSync(fd);
  }
}

describe("copyChunks checkpoints", () => {
  let dir: string;
  let m: string, s: string;
  beforeAll(() => {
    dir = scratchDir("copy-checkpoints");
    m = makeVolume(path.join(dir, "m"), SIZE, "random");
    s = makeVolume(path.join(dir, "s"), SIZE);
  });
  afterAll(() => cleanup(dir));

  it("persists C many times during the copy, one checkpoint at a time, never ahead of the target", async () => {
    const C = new Bitmap(CHUNKS);
    C.setAll();
    const persisted = new Bitmap(CHUNKS);
    persisted.setAll();
    const digests = await DigestFile.create(path.join(dir, "digests"), "0".repeat(32), CHUNKS);
    let checkpoints = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    const claimedButMissing: number[] = [];
    try {
      const result = await copyChunks({
        source: await volumeInfo(m),
        target: await volumeInfo(s),
        sizeBytes: SIZE,
        copyBitmap: C,
        digests,
        ioBytes: MiB,
        inFlight: 6,
        checkpointBytes: 4 * MiB,
        persistCopyBitmap: async (from, bytes) => {
          concurrent++;
          maxConcurrent = Math.max(maxConcurrent, concurrent);
          checkpoints++;
          persisted.bytes.set(bytes, from);
          // Every chunk this record calls copied must already hold the master's bytes.
          for (let byte = from; byte < from + bytes.length; byte++) {
            for (let bit = 0; bit < 8; bit++) {
              const chunk = byte * 8 + bit;
              if (chunk < CHUNKS && !persisted.get(chunk) && !readChunk(s, chunk).equals(readChunk(m, chunk))) {
                claimedButMissing.push(chunk);
              }
            }
          }
          await new Promise((r) => setTimeout(r, 5)); // a slow bitmap write: copying must go on meanwhile
          concurrent--;
        },
      });
      expect(result.aborted).toBe(false);
    } finally {
      await digests.close();
    }
    expect(claimedButMissing).toEqual([]);
    expect(maxConcurrent).toBe(1);
    // 64 MiB with a checkpoint due every 4 MiB: several ran while the copy went on.
    expect(checkpoints).toBeGreaterThan(3);
    expect(persisted.count()).toBe(0);
    expect(cmpEqual(m, s)).toBe(true);
  });
});
