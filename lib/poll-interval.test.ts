import { describe, expect, it } from "vitest";
import { BUSY_POLL_MS, IDLE_POLL_MS, pollIntervalFor } from "./poll-interval";

describe("pollIntervalFor", () => {
  it("polls every second while a job is queued or running", () => {
    expect(pollIntervalFor([{ state: "succeeded" }, { state: "running" }])).toBe(BUSY_POLL_MS);
    expect(pollIntervalFor([{ state: "queued" }])).toBe(1000);
  });
  it("polls every 10 s when idle or before any data", () => {
    expect(pollIntervalFor([{ state: "failed" }, { state: "cancelled" }])).toBe(IDLE_POLL_MS);
    expect(pollIntervalFor([])).toBe(10_000);
    expect(pollIntervalFor(undefined)).toBe(10_000);
  });
});
