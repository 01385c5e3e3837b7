// Digests read ahead of a scan give the scan exactly what the file holds, window by window.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DIGEST_BYTES } from "./chunk-digest";
import { DigestFile } from "./digest-file";
import { DigestsAhead } from "./digests-ahead";

const CHUNKS = 37;
let dir: string;
let file: DigestFile;
let all: Buffer;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "pitcrew-digests-ahead-"));
  file = await DigestFile.create(path.join(dir, "set.dig"), "00".repeat(16), CHUNKS);
  all = randomBytes(CHUNKS * DIGEST_BYTES);
  await file.write(0, all);
});
afterEach(async () => {
  await file.close();
  await rm(dir, { recursive: true, force: true });
});

function counting(f: DigestFile): { calls: [number, number][] } {
  const calls: [number, number][] = [];
  const read = f.read.bind(f);
  f.read = (first, count) => {
    calls.push([first, count]);
    return read(first, count);
  };
  return { calls };
}

describe("DigestsAhead", () => {
  it("returns each piece's digests as stored, across windows and the short last one", async () => {
    // Windows of 8 chunks; pieces of 4 fit them, pieces of 3 straddle some.
    for (const piece of [4, 3]) {
      const ahead = new DigestsAhead(file, 8);
      for (let first = 0; first < CHUNKS; first += piece) {
        const count = Math.min(piece, CHUNKS - first);
        const got = await ahead.read(first, count);
        expect(
          got.equals(all.subarray(first * DIGEST_BYTES, (first + count) * DIGEST_BYTES)),
          `chunks ${first}+${count}`,
        ).toBe(true);
      }
    }
  });

  it("reads the file a window at a time, the next one ahead", async () => {
    const { calls } = counting(file);
    const ahead = new DigestsAhead(file, 8);
    await ahead.read(0, 4);
    expect(calls).toEqual([
      [0, 8],
      [8, 8],
    ]);
    await ahead.read(4, 4);
    await ahead.read(8, 4);
    expect(calls).toEqual([
      [0, 8],
      [8, 8],
      [16, 8],
    ]);
  });
});
