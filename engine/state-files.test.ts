// Run files: watchRuns wakes a waiter (-w, an agent job) when a copy's run changes, instead of
// leaving it to its next poll.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { claimRun, liveRunOwner, releaseRun, watchRuns } from "./state-files";

let stateDir: string;
beforeEach(async () => {
  stateDir = await mkdtemp(path.join(tmpdir(), "pitcrew-state-files-"));
});
afterEach(async () => {
  await rm(stateDir, { recursive: true, force: true });
});

describe("watchRuns", () => {
  // A minute-long poll: only the release can end these waits within the test's timeout.
  const LONG = 60_000;

  it("wakes a waiter when the worker releases the run", async () => {
    await claimRun(stateDir, "s1", process.pid);
    const runs = watchRuns(stateDir);
    try {
      const woken = runs.next(LONG).then(() => liveRunOwner(stateDir, "s1"));
      setTimeout(() => void releaseRun(stateDir, "s1"), 20);
      expect(await woken).toBeNull();
    } finally {
      runs.close();
    }
  });

  it("does not lose a change that happens between two waits", async () => {
    await claimRun(stateDir, "s1", process.pid);
    const runs = watchRuns(stateDir);
    try {
      await releaseRun(stateDir, "s1");
      await new Promise((r) => setTimeout(r, 50)); // let the event arrive while nobody waits
      await runs.next(LONG);
      expect(await liveRunOwner(stateDir, "s1")).toBeNull();
    } finally {
      runs.close();
    }
  });

  it("falls back to the poll interval where there is nothing to watch", async () => {
    const runs = watchRuns(path.join(stateDir, "no-such-dir"));
    try {
      await runs.next(30);
    } finally {
      runs.close();
    }
  });
});
