import { describe, expect, it } from "vitest";
import { BackgroundCheckpoints } from "./background-checkpoints";

const GiB = 1024 ** 3;

/** A checkpoint whose completion the test controls, recording how many ran at once. */
function controlled() {
  const log: string[] = [];
  const pending: (() => void)[] = [];
  let active = 0;
  let maxActive = 0;
  let n = 0;
  const checkpoint = async () => {
    const id = ++n;
    active++;
    maxActive = Math.max(maxActive, active);
    log.push(`start ${id}`);
    await new Promise<void>((resolve) => pending.push(resolve));
    log.push(`end ${id}`);
    active--;
  };
  return { log, checkpoint, release: () => pending.shift()?.(), maxActive: () => maxActive };
}

const tick = () => new Promise((r) => setImmediate(r));

describe("BackgroundCheckpoints", () => {
  it("starts nothing until a checkpoint is due, then one in the background", async () => {
    const c = controlled();
    const checkpoints = new BackgroundCheckpoints(c.checkpoint);
    checkpoints.progressed(1024);
    expect(c.log).toEqual([]);
    checkpoints.progressed(2 * GiB);
    expect(c.log).toEqual(["start 1"]);
    c.release();
    await checkpoints.settled();
    expect(c.log).toEqual(["start 1", "end 1"]);
  });

  it("runs one checkpoint at a time: a request while one runs is covered by the next", async () => {
    const c = controlled();
    const checkpoints = new BackgroundCheckpoints(c.checkpoint);
    checkpoints.soon();
    checkpoints.soon();
    checkpoints.progressed(3 * GiB);
    const final = checkpoints.now();
    await tick();
    expect(c.log).toEqual(["start 1"]);
    c.release();
    await tick();
    expect(c.log).toEqual(["start 1", "end 1", "start 2"]);
    c.release();
    await final;
    expect(c.log).toEqual(["start 1", "end 1", "start 2", "end 2"]);
    expect(c.maxActive()).toBe(1);
  });

  it("a background checkpoint's failure is thrown by the next request, and none runs after it", async () => {
    let runs = 0;
    const checkpoints = new BackgroundCheckpoints(async () => {
      runs++;
      throw new Error("fdatasync: EIO");
    });
    checkpoints.soon();
    await checkpoints.settled();
    expect(() => checkpoints.soon()).toThrow("EIO");
    await expect(checkpoints.now()).rejects.toThrow("EIO");
    expect(runs).toBe(1);
  });
});
