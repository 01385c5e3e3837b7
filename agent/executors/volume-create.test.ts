import { stat } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMetadata } from "@/engine/disk-group-metadata";
import { FakeConsole } from "@/test/support/fake-console";
import { runAgentJob } from "@/test/support/run-agent-job";
import { createTempSan, type TempSan } from "@/test/support/temp-san";
import { minBitmapBytes } from "@/lib/bitmap-size";
import { jobArgsSchemas } from "@/lib/job-types";

const GiB = 1024 ** 3;
let san: TempSan;
let fake: FakeConsole;

beforeAll(async () => {
  san = await createTempSan("host-a", 1 << 20);
  fake = new FakeConsole();
  fake.setCredential(fake.issuedCredential);
});
afterAll(() => san.cleanup());

// The console queues args as its schema parsed them (defaults filled in); so does this test.
const run = (id: string, args: Record<string, unknown>) =>
  runAgentJob(
    { id, kind: "volume.create", args: jobArgsSchemas["volume.create"].parse(args) },
    { api: fake, stateDir: `${san.dir}/state-host-a`, hostName: "host-a", roots: [san.root], archiveRoots: [] },
  );

describe("volume.create of bitmap volumes", () => {
  it.each([
    ["ind-100g.bmp", 100 * GiB, undefined, minBitmapBytes(100 * GiB, "independent")],
    ["cd-100g.bmp", 100 * GiB, "compact-dependent", minBitmapBytes(100 * GiB, "compact-dependent")],
    ["cd-64m.bmp", 64 << 20, "compact-dependent", minBitmapBytes(64 << 20, "compact-dependent")],
    ["cd-odd.bmp", 3 * GiB + 4097, "compact-dependent", minBitmapBytes(3 * GiB + 4097, "compact-dependent")],
  ] as const)(
    "%s: a master of %d bytes, %s, is exactly lib/bitmap-size's size",
    async (name, masterBytes, bitmapKind, expected) => {
      const args = {
        diskGroup: "dg1",
        name,
        sizeBytes: 1,
        bitmapForMasterBytes: masterBytes,
        ...(bitmapKind ? { bitmapKind } : {}),
      };
      expect(await run(`v-${name}`, args)).toBe("succeeded");

      expect(fake.finished.get(`v-${name}`)?.result).toMatchObject({
        volume: `dg1/${name}`,
        sizeBytes: expected,
        role: "bitmap",
        bitmapKind: bitmapKind ?? "independent",
      });
      const file = path.join(san.root, "dg1", name);
      expect((await stat(file)).size).toBe(expected);
      expect((await readMetadata(path.join(san.root, "dg1"))).volumes.find((v) => v.name === name)).toMatchObject({
        role: "bitmap",
        sizeBytes: expected,
      });
    },
  );

  it("a compact dependent bitmap is larger than an independent one by the index (4 bytes per chunk, in whole sectors)", () => {
    const chunks = (100 * GiB) / (32 * 1024);
    expect(minBitmapBytes(100 * GiB, "compact-dependent") - minBitmapBytes(100 * GiB)).toBe(
      Math.ceil(chunks / 128) * 512,
    );
  });
});
