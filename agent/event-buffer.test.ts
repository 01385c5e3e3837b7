import { describe, expect, it } from "vitest";
import type { JobEvent } from "@/lib/agent-protocol";
import { EventBuffer } from "./event-buffer";

describe("EventBuffer", () => {
  it("numbers events 1, 2, … and resends the same numbers after a failure", async () => {
    const calls: number[][] = [];
    let fail = 1;
    const buffer = new EventBuffer({
      send: async (events: JobEvent[]) => {
        calls.push(events.map((e) => e.seq));
        if (fail-- > 0) throw new Error("503");
        return { cancelRequested: false, leaseExpiresAt: 0 };
      },
    });
    buffer.push({ type: "phase", message: "a" });
    buffer.push({ type: "log", message: "b" });
    await expect(buffer.flush()).rejects.toThrow("503");
    buffer.push({ type: "log", message: "c" });
    await buffer.flush();
    expect(calls).toEqual([
      [1, 2],
      [1, 2, 3],
    ]);
    expect(buffer.unsent).toEqual([]);
    buffer.push({ type: "log", message: "d" });
    await buffer.flush();
    expect(calls.at(-1)).toEqual([4]);
  });

  it("flushes on its timer and reports cancelRequested", async () => {
    let cancel = false;
    const buffer = new EventBuffer({
      send: async () => ({ cancelRequested: true, leaseExpiresAt: 0 }),
      onResponse: (r) => (cancel ||= r.cancelRequested),
      flushEveryMs: 50,
    });
    buffer.start();
    await new Promise((r) => setTimeout(r, 150));
    buffer.stop();
    expect(cancel).toBe(true);
  });

  it("drain retries until sent", async () => {
    let fail = 2;
    const seen: number[][] = [];
    const buffer = new EventBuffer({
      send: async (events) => {
        seen.push(events.map((e) => e.seq));
        if (fail-- > 0) throw new Error("down");
        return { cancelRequested: false, leaseExpiresAt: 0 };
      },
    });
    buffer.push({ type: "log", message: "x" });
    await buffer.drain(5, 10);
    expect(seen).toEqual([[1], [1], [1]]);
  });
});
