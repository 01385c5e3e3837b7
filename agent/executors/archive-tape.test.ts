import { execFileSync } from "node:child_process";
import { mkdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeConsole } from "@/test/support/fake-console";
import { fileSha256 as sha256, runAgentJob } from "@/test/support/run-agent-job";
import { createTempSan, type TempSan } from "@/test/support/temp-san";

let san: TempSan;
let fake: FakeConsole;
let tape: string;

beforeAll(async () => {
  san = await createTempSan("host-a", 6 << 20);
  fake = new FakeConsole();
  fake.setCredential(fake.issuedCredential);
  // A file stands in for the drive: the same open, sequential write, reopen and read.
  tape = path.join(san.dir, "tape0");
  await writeFile(tape, "");
});
afterAll(() => san.cleanup());

const run = (id: string, args: Record<string, unknown>, tapeDevices = [tape]) =>
  runAgentJob(
    { id, kind: "archive.tape", args },
    { api: fake, stateDir: `${san.dir}/state-host-a`, hostName: "host-a", roots: [san.root], tapeDevices },
  );

describe("archive.tape", () => {
  it("writes dg/vol volumes to a configured device as a tar stream that tar restores, verified, with progress", async () => {
    expect(
      await run("t1", {
        volumes: ["dg1/master"],
        device: tape,
        label: "run-7",
        pointInTime: "2026-12-03T02:00:00.000Z",
      }),
    ).toBe("succeeded");
    const result = fake.finished.get("t1")!.result as {
      dir: string;
      manifest: { pointInTime: string; volumes: { file: string; sha256: string; sizeBytes: number }[] };
    };
    expect(result.dir).toBe(tape);
    expect(result.manifest.pointInTime).toBe("2026-12-03T02:00:00.000Z");
    expect(result.manifest.volumes).toEqual([
      expect.objectContaining({ file: "run-7/dg1-master.img", sizeBytes: 6 << 20, sha256: await sha256(san.master) }),
    ]);
    const out = path.join(san.dir, "restored");
    await mkdir(out);
    execFileSync("tar", ["-x", "-f", tape, "-C", out]);
    expect(await sha256(path.join(out, "run-7", "dg1-master.img"))).toBe(await sha256(san.master));
    const events = fake.jobEvents.get("t1") ?? [];
    expect(new Set(events.filter((e) => e.type === "progress").map((e) => e.progress?.phase))).toEqual(
      new Set(["archiving", "verifying"]),
    );
  });

  it("refuses a device the agent config does not list, and a host with none, writing nothing", async () => {
    const other = path.join(san.dir, "tape1");
    await writeFile(other, "");
    expect(await run("t2", { volumes: ["dg1/master"], device: other, label: "x" })).toBe("failed");
    expect(fake.finished.get("t2")?.error).toMatchObject({ code: "ARCHIVE_EWRITE", object: other });
    expect(fake.finished.get("t2")?.error?.message).toContain(
      `device ${other} is not one of the tapeDevices in the agent config of host host-a (${tape})`,
    );
    expect(await run("t3", { volumes: ["dg1/master"], device: tape, label: "y" }, [])).toBe("failed");
    expect(fake.finished.get("t3")?.error?.message).toMatch(/no tapeDevices in its agent config/);
    expect((await stat(other)).size).toBe(0);
  });
});
