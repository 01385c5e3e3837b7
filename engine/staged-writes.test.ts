// Staged writes: a scan's small writes go out from copies, so the scan's buffer is free at once,
// and no failure or completion is lost or reported early.
import { describe, expect, it } from "vitest";
import { StagedWrites, type WriteAt } from "./staged-writes";

/** A target whose writes finish only when the test says so. */
function heldTarget() {
  const disk = Buffer.alloc(64);
  const held: { position: number; finish: () => void; fail: (e: Error) => void }[] = [];
  const writeAt: WriteAt = (buf, position) =>
    new Promise((resolve, reject) => {
      held.push({
        position,
        finish: () => {
          buf.copy(disk, position);
          resolve();
        },
        fail: reject,
      });
    });
  return { disk, held, writeAt };
}

const tick = () => new Promise((r) => setImmediate(r));

describe("StagedWrites", () => {
  it("writes what the caller's buffer held when staged, even after the caller reuses it", async () => {
    const { disk, held, writeAt } = heldTarget();
    const staged = new StagedWrites(writeAt, 2, 8);
    const piece = Buffer.from("AAAAAAAA");
    await staged.stage(piece, 0, () => {});
    piece.fill("B"); // the scan's buffer goes back to the reader and is refilled
    await staged.stage(piece, 8, () => {});
    for (const h of held) h.finish();
    await staged.drain();
    expect(disk.toString("latin1", 0, 16)).toBe("AAAAAAAABBBBBBBB");
  });

  it("reports a write done only once it is, and keeps at most `slots` in flight", async () => {
    const { held, writeAt } = heldTarget();
    const staged = new StagedWrites(writeAt, 2, 8);
    const done: number[] = [];
    await staged.stage(Buffer.alloc(8), 0, () => done.push(0));
    await staged.stage(Buffer.alloc(8), 8, () => done.push(8));
    let thirdStaged = false;
    const third = staged
      .stage(Buffer.alloc(8), 16, () => done.push(16))
      .then(() => {
        thirdStaged = true;
      });
    await tick();
    expect(held).toHaveLength(2);
    expect(thirdStaged).toBe(false);
    expect(done).toEqual([]);
    held[1]!.finish();
    await third;
    expect(done).toEqual([8]);
    expect(held.map((h) => h.position)).toEqual([0, 8, 16]);
    held[0]!.finish();
    held[2]!.finish();
    await staged.drain();
    expect(done.sort((a, b) => a - b)).toEqual([0, 8, 16]);
  });

  it("throws a failed write from the next stage() and from drain(), and never reports it done", async () => {
    const { held, writeAt } = heldTarget();
    const staged = new StagedWrites(writeAt, 4, 8);
    const done: number[] = [];
    await staged.stage(Buffer.alloc(8), 0, () => done.push(0));
    held[0]!.fail(new Error("EIO on the shadow"));
    await tick();
    await expect(staged.stage(Buffer.alloc(8), 8, () => done.push(8))).rejects.toThrow("EIO on the shadow");
    await expect(staged.drain()).rejects.toThrow("EIO on the shadow");
    expect(done).toEqual([]);
    expect(held).toHaveLength(1); // nothing more was written after the failure
  });

  it("refuses a run longer than a slot", async () => {
    const staged = new StagedWrites(heldTarget().writeAt, 1, 8);
    await expect(staged.stage(Buffer.alloc(9), 0, () => {})).rejects.toThrow(RangeError);
  });
});
