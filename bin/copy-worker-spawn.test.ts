import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { copyStateDirOf, prestartCopyWorkerEarly, takeEarlyCopyWorker } from "./copy-worker-spawn.js";

describe("copyStateDirOf: which commands start their copy worker before the CLI loads", () => {
  it("finds the state dir of local commands that may start a copy", () => {
    expect(copyStateDirOf(["iiadm", "--local", "--state-dir", "/s", "-u", "s", "/v/shadow"])).toBe("/s");
    expect(copyStateDirOf(["iiadm", "--local", "--state-dir=/s", "-e", "ind", "/m", "/sh", "/b"])).toBe("/s");
    expect(copyStateDirOf(["iiadm", "--host", "prod", "--local", "--state-dir", "rel", "-g", "g1", "-c", "s"])).toBe(
      path.resolve("rel"),
    );
    expect(copyStateDirOf(["iiadm", "--local", "--state-dir", "/s", "-nR", "/v/shadow"])).toBe("/s");
  });

  it("leaves commands that never copy, remote ones and the worker itself alone", () => {
    expect(copyStateDirOf(["iiadm", "--local", "--state-dir", "/s", "-i", "/v/shadow"])).toBeNull();
    expect(copyStateDirOf(["iiadm", "--local", "--state-dir", "/s", "-w", "/v/shadow"])).toBeNull();
    expect(copyStateDirOf(["iiadm", "-H", "prod", "-u", "s", "/v/shadow"])).toBeNull();
    expect(copyStateDirOf(["iiadm", "--local", "--state-dir", "/s", "--copy-worker", "-"])).toBeNull();
    expect(copyStateDirOf(["svadm", "--local", "-e", "/v/a"])).toBeNull();
  });
});

describe("the early worker", () => {
  let dir: string | null = null;
  afterEach(() => {
    takeEarlyCopyWorker("/nowhere"); // lets a worker a failed test left go
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it("is handed to the launcher of the same state dir, once", () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "pitcrew-early-"));
    prestartCopyWorkerEarly(["iiadm", "--local", "--state-dir", dir, "-u", "s", "/v/shadow"]);
    const worker = takeEarlyCopyWorker(path.join(dir, "."));
    expect(worker?.pid).toBeGreaterThan(0);
    expect(readFileSync(`/proc/${worker!.pid}/cmdline`, "utf8")).toContain("--copy-worker");
    expect(takeEarlyCopyWorker(dir)).toBeNull();
    worker!.stdin!.end(); // no sets: it exits
  });

  it("started for another state dir is let go, and exits without a set to copy", async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "pitcrew-early-"));
    prestartCopyWorkerEarly(["iiadm", "--local", "--state-dir", dir, "-u", "s", "/v/shadow"]);
    const store = globalThis as unknown as Record<symbol, { child: ChildProcess }>;
    const child = store[Symbol.for("pitcrew.earlyCopyWorker")]!.child;
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(takeEarlyCopyWorker(path.join(dir, "other"))).toBeNull();
    expect(await exited).toBe(0);
  });

  it("is not started for a state dir that does not exist (nothing is created)", () => {
    const missing = path.join(os.tmpdir(), `pitcrew-early-missing-${process.pid}`);
    prestartCopyWorkerEarly(["iiadm", "--local", "--state-dir", missing, "-u", "s", "/v/shadow"]);
    expect(takeEarlyCopyWorker(missing)).toBeNull();
    expect(() => readFileSync(path.join(missing, "worker.log"))).toThrow();
  });
});
