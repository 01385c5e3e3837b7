import { mkdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeConsole } from "@/test/support/fake-console";
import { fileSha256 as sha256, runAgentJob } from "@/test/support/run-agent-job";
import { createTempSan, type TempSan } from "@/test/support/temp-san";

let san: TempSan;
let fake: FakeConsole;
let archives: string;

beforeAll(async () => {
  san = await createTempSan("host-a", 24 << 20);
  fake = new FakeConsole();
  fake.setCredential(fake.issuedCredential);
  archives = path.join(san.dir, "archives");
  await mkdir(archives);
});
afterAll(() => san.cleanup());

const run = (id: string, args: Record<string, unknown>, archiveRoots = [archives]) =>
  runAgentJob(
    { id, kind: "archive.create", args },
    { api: fake, stateDir: `${san.dir}/state-host-a`, hostName: "host-a", roots: [san.root], archiveRoots },
  );

describe("archive.create", () => {
  it("archives dg/vol volumes under an archive root, verified, with progress events and the manifest as result", async () => {
    expect(
      await run("a1", {
        volumes: ["dg1/master"],
        targetDir: archives,
        label: "run-7",
        pointInTime: "2026-11-25T10:00:00.000Z",
      }),
    ).toBe("succeeded");
    const result = fake.finished.get("a1")!.result as {
      dir: string;
      manifest: { volumes: { file: string; sha256: string; sizeBytes: number }[] };
    };
    expect(result.dir).toBe(path.join(archives, "run-7"));
    const [entry] = result.manifest.volumes;
    expect(entry).toMatchObject({ file: "dg1-master.img", sizeBytes: 24 << 20, sha256: await sha256(san.master) });
    expect(await sha256(path.join(result.dir, entry!.file))).toBe(await sha256(san.master));
    const events = fake.jobEvents.get("a1") ?? [];
    expect(new Set(events.filter((e) => e.type === "progress").map((e) => e.progress?.phase))).toEqual(
      new Set(["archiving", "verifying"]),
    );
    expect(events.filter((e) => e.type === "progress").at(-1)?.progress).toMatchObject({
      direction: "to-archive",
      bytesDone: 24 << 20,
      bytesTotal: 24 << 20,
    });
  });

  it("refuses a target outside the archive roots, and a host without any, naming the target", async () => {
    expect(await run("a2", { volumes: ["dg1/master"], targetDir: san.root, label: "x" })).toBe("failed");
    expect(fake.finished.get("a2")?.error).toMatchObject({ code: "ARCHIVE_EWRITE", object: san.root });
    expect(await run("a3", { volumes: ["dg1/master"], targetDir: archives, label: "y" }, [])).toBe("failed");
    expect(fake.finished.get("a3")?.error?.message).toMatch(/no archiveRoots/);
  });
});
