import { describe, expect, it } from "vitest";
import { isHostOnline, ONLINE_WINDOW_MS } from "./host-online";

describe("isHostOnline", () => {
  const now = Date.parse("2026-01-01T12:00:00Z");
  it("is online within three heartbeats (15 s)", () => {
    expect(ONLINE_WINDOW_MS).toBe(15_000);
    expect(isHostOnline("2026-01-01T11:59:48Z", now)).toBe(true);
    expect(isHostOnline("2026-01-01T11:59:45Z", now)).toBe(true);
  });
  it("is offline after that, or without any heartbeat", () => {
    expect(isHostOnline("2026-01-01T11:59:44Z", now)).toBe(false);
    expect(isHostOnline(null, now)).toBe(false);
    expect(isHostOnline("garbage", now)).toBe(false);
  });
});
