// Per-chunk digest files (docs/architecture.md §3): all-zero entries mean "unknown, copy the chunk"; a file
// from another set generation or geometry is discarded, never trusted.
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DIGEST_BYTES, digestChunk, isUnknownDigest } from "./chunk-digest";
import { DigestFile } from "./digest-file";

const GEN_A = "aaaaaaaaaaaaaaaa0000000000000001";
const GEN_B = "bbbbbbbbbbbbbbbb0000000000000002";

let dir: string;
let serial = 0;
const opened: DigestFile[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "pitcrew-digest-"));
});
afterEach(async () => {
  for (const f of opened.splice(0)) await f.close().catch(() => {});
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const newPath = () => path.join(dir, `set-${++serial}`, "master.dig");
function track<T extends DigestFile | null>(f: T): T {
  if (f) opened.push(f);
  return f;
}
async function closeAll(): Promise<void> {
  for (const f of opened.splice(0)) await f.close();
}

/** Digests of `count` distinct chunks' contents, as a copy records them. */
function digestsOf(count: number, seed: number): Buffer {
  const out = Buffer.alloc(count * DIGEST_BYTES);
  for (let i = 0; i < count; i++) digestChunk(Buffer.from(`chunk ${seed}-${i}`), out, i * DIGEST_BYTES);
  return out;
}

function unknownCount(buf: Buffer): number {
  let n = 0;
  for (let at = 0; at < buf.length; at += DIGEST_BYTES) if (isUnknownDigest(buf, at)) n++;
  return n;
}

describe("chunk digests", () => {
  it("a real digest is never the all-zero 'unknown' value; different data gives different digests", () => {
    const d = digestsOf(2, 1);
    expect(isUnknownDigest(d, 0)).toBe(false);
    expect(isUnknownDigest(d, DIGEST_BYTES)).toBe(false);
    expect(d.subarray(0, 16).equals(d.subarray(16, 32))).toBe(false);
    expect(isUnknownDigest(Buffer.alloc(32), 16)).toBe(true);
  });
});

describe("DigestFile", () => {
  it("create gives an all-unknown file of 64 + 16 × chunks bytes", async () => {
    const file = newPath();
    const df = track(await DigestFile.create(file, GEN_A, 1000));
    expect(df.chunks).toBe(1000);
    expect(unknownCount(await df.read(0, 1000))).toBe(1000);
    expect((await stat(file)).size).toBe(64 + 16 * 1000);
    const raw = await readFile(file);
    expect(raw.toString("latin1", 0, 8)).toBe("PCRWDIG1");
  });

  it("write/read round-trips digests at a chunk offset and leaves the neighbours unknown", async () => {
    const df = track(await DigestFile.create(newPath(), GEN_A, 100));
    const d = digestsOf(3, 7);
    await df.write(40, d);
    expect((await df.read(40, 3)).equals(d)).toBe(true);
    expect((await df.read(41, 1)).equals(d.subarray(16, 32))).toBe(true);
    expect(unknownCount(await df.read(39, 1))).toBe(1);
    expect(unknownCount(await df.read(43, 1))).toBe(1);
    expect(unknownCount(await df.read(0, 100))).toBe(97);
  });

  it("openFor a missing file creates it fresh", async () => {
    const file = newPath();
    const { file: df, fresh } = await DigestFile.openFor(file, GEN_A, 10);
    track(df);
    expect(fresh).toBe(true);
    expect(unknownCount(await df.read(0, 10))).toBe(10);
    expect((await stat(file)).size).toBe(64 + 160);
  });

  it("openFor with the same generation and chunk count keeps the digests (fresh = false)", async () => {
    const file = newPath();
    const df = track(await DigestFile.create(file, GEN_A, 50));
    const d = digestsOf(50, 3);
    await df.write(0, d);
    await df.sync();
    await closeAll();
    const { file: again, fresh } = await DigestFile.openFor(file, GEN_A, 50);
    track(again);
    expect(fresh).toBe(false);
    expect((await again.read(0, 50)).equals(d)).toBe(true);
  });

  it("openFor with another generation discards the digests (fresh = true, all unknown)", async () => {
    const file = newPath();
    const df = track(await DigestFile.create(file, GEN_A, 50));
    await df.write(0, digestsOf(50, 4));
    await closeAll();
    const { file: again, fresh } = await DigestFile.openFor(file, GEN_B, 50);
    track(again);
    expect(fresh).toBe(true);
    expect(unknownCount(await again.read(0, 50))).toBe(50);
    await closeAll();
    // …and the replacement now belongs to the new generation.
    const third = await DigestFile.openFor(file, GEN_B, 50);
    track(third.file);
    expect(third.fresh).toBe(false);
  });

  it("openFor with another chunk count (volume resized) discards the digests", async () => {
    const file = newPath();
    const df = track(await DigestFile.create(file, GEN_A, 50));
    await df.write(0, digestsOf(50, 5));
    await closeAll();
    const { file: again, fresh } = await DigestFile.openFor(file, GEN_A, 51);
    track(again);
    expect(fresh).toBe(true);
    expect(again.chunks).toBe(51);
    expect(unknownCount(await again.read(0, 51))).toBe(51);
    expect((await stat(file)).size).toBe(64 + 16 * 51);
  });

  it("openFor a file that is not a digest file replaces it", async () => {
    const file = newPath();
    await DigestFile.create(file, GEN_A, 1).then((f) => f.close());
    await writeFile(file, Buffer.alloc(64 + 16 * 8, 0x41));
    const { file: again, fresh } = await DigestFile.openFor(file, GEN_A, 8);
    track(again);
    expect(fresh).toBe(true);
    expect(unknownCount(await again.read(0, 8))).toBe(8);
  });

  it("forgetAll makes every chunk unknown and keeps the size", async () => {
    const file = newPath();
    const df = track(await DigestFile.create(file, GEN_A, 200));
    await df.write(0, digestsOf(200, 6));
    await df.forgetAll();
    expect(unknownCount(await df.read(0, 200))).toBe(200);
    expect((await stat(file)).size).toBe(64 + 16 * 200);
    await closeAll();
    // The header survives: same generation still opens as not fresh.
    const again = await DigestFile.openFor(file, GEN_A, 200);
    track(again.file);
    expect(again.fresh).toBe(false);
    expect(unknownCount(await again.file.read(0, 200))).toBe(200);
  });

  it("copyTo + openExisting preserves digests, chunk count and the export id, beyond one 65536-chunk window", async () => {
    const chunks = 70_000;
    const df = track(await DigestFile.create(newPath(), GEN_A, chunks));
    const head = digestsOf(4, 8);
    const tail = digestsOf(4, 9);
    await df.write(0, head);
    await df.write(65_535, tail); // straddles the window boundary
    await df.write(chunks - 1, digestsOf(1, 10));
    const target = newPath();
    await df.copyTo(target, GEN_B, "00112233445566778899aabbccddeeff");

    const copy = track(await DigestFile.openExisting(target));
    expect(copy).not.toBeNull();
    expect(copy!.chunks).toBe(chunks);
    expect(copy!.exportId).toBe("00112233445566778899aabbccddeeff");
    expect(df.exportId).toBe(""); // a set's own file belongs to no export
    expect((await copy!.read(0, 4)).equals(head)).toBe(true);
    expect((await copy!.read(65_535, 4)).equals(tail)).toBe(true);
    expect((await copy!.read(chunks - 1, 1)).equals(digestsOf(1, 10))).toBe(true);
    expect(unknownCount(await copy!.read(0, chunks))).toBe(chunks - 9);
    // The copy carries the generation it was given.
    await closeAll();
    const asB = await DigestFile.openFor(target, GEN_B, chunks);
    track(asB.file);
    expect(asB.fresh).toBe(false);
  });

  it("openExisting returns null for a missing file or a non-digest file", async () => {
    expect(await DigestFile.openExisting(path.join(dir, "no-such.dig"))).toBeNull();
    const junk = path.join(dir, "junk.dig");
    await writeFile(junk, "not a digest file at all, just some text that is long enough to fill a header");
    expect(await DigestFile.openExisting(junk)).toBeNull();
  });

  it("remove deletes the file and tolerates a missing one", async () => {
    const file = newPath();
    await DigestFile.create(file, GEN_A, 1).then((f) => f.close());
    await DigestFile.remove(file);
    await expect(stat(file)).rejects.toThrow();
    await expect(DigestFile.remove(file)).resolves.toBeUndefined();
  });
});
