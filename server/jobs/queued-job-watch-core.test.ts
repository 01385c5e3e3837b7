import { afterEach, describe, expect, it, vi } from "vitest";
import { createQueuedJobWatch } from "@/server/jobs/queued-job-watch-core";

describe("the shared watch for queued jobs", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function setUp(queued: (hostIds: string[]) => Promise<string[]>) {
    const queries: string[][] = [];
    const woken: string[] = [];
    const watch = createQueuedJobWatch({
      intervalMs: 500,
      hostsWithQueuedJobs: (hostIds) => {
        queries.push(hostIds);
        return queued(hostIds);
      },
      wake: (hostId) => woken.push(hostId),
      onError: () => {},
    });
    return { watch, queries, woken };
  }

  it("asks once per interval for every waiting host together, and wakes only the hosts with a queued job", async () => {
    vi.useFakeTimers();
    const { watch, queries, woken } = setUp(async () => ["host-7", "host-123"]);
    const stops = Array.from({ length: 300 }, (_, i) => watch.watch(`host-${i}`));

    await vi.advanceTimersByTimeAsync(2_000);

    expect(queries).toHaveLength(4);
    expect(queries[0]).toHaveLength(300);
    expect(woken).toEqual(["host-7", "host-123", "host-7", "host-123", "host-7", "host-123", "host-7", "host-123"]);
    for (const stop of stops) stop();
  });

  it("stops asking once nobody waits, and a host stays watched while any of its waiters is left", async () => {
    vi.useFakeTimers();
    const { watch, queries } = setUp(async () => []);
    const first = watch.watch("db-01");
    const second = watch.watch("db-01");
    first();
    first(); // counted out once only

    await vi.advanceTimersByTimeAsync(500);
    expect(queries).toEqual([["db-01"]]);

    second();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(queries).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("never starts a query while the last one is still running", async () => {
    vi.useFakeTimers();
    let finish!: () => void;
    const { watch, queries } = setUp(
      () =>
        new Promise<string[]>((resolve) => {
          finish = () => resolve([]);
        }),
    );
    const stop = watch.watch("db-01");

    await vi.advanceTimersByTimeAsync(3_000);
    expect(queries).toHaveLength(1);
    finish();
    await vi.advanceTimersByTimeAsync(500);
    expect(queries).toHaveLength(2);
    stop();
  });

  it("keeps watching after a failed query", async () => {
    vi.useFakeTimers();
    let calls = 0;
    const { watch, woken } = setUp(async () => {
      calls++;
      if (calls === 1) throw new Error("database is locked");
      return ["db-01"];
    });
    const stop = watch.watch("db-01");

    await vi.advanceTimersByTimeAsync(1_000);
    expect(woken).toEqual(["db-01"]);
    stop();
  });
});
