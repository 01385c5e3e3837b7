import { describe, expect, it } from "vitest";
import { ReportLane } from "./report-lane";

describe("ReportLane", () => {
  it("runs reports one at a time, in the order they were asked for, even when an earlier one fails", async () => {
    const lane = new ReportLane();
    const order: string[] = [];
    let releaseHeartbeat!: () => void;
    const heartbeat = lane.run(async () => {
      order.push("heartbeat: collect");
      await new Promise<void>((r) => {
        releaseHeartbeat = r;
      });
      order.push("heartbeat: answered");
      throw new Error("console down");
    });
    const finish = lane.run(async () => {
      order.push("finish");
      return "ok";
    });
    await Promise.resolve();
    expect(order).toEqual(["heartbeat: collect"]);
    releaseHeartbeat();
    await expect(heartbeat).rejects.toThrow("console down");
    await expect(finish).resolves.toBe("ok");
    expect(order).toEqual(["heartbeat: collect", "heartbeat: answered", "finish"]);
  });
});
