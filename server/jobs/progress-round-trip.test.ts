import "@/test/support/test-database"; // first: gives this file its own database
import { beforeEach, describe, expect, expectTypeOf, it } from "vitest";
import { ProgressMeter } from "@/engine/io-counters";
import { jobEventsRequestSchema } from "@/lib/agent-protocol";
import type { JobProgress } from "@/lib/copy-progress";
import { readJobProgress } from "@/lib/job-progress";
import { appendJobEvents } from "@/server/jobs/append-job-events";
import { claimNextJob } from "@/server/jobs/claim-next-job";
import { createJob } from "@/server/jobs/create-job";
import { getJob } from "@/server/jobs/get-job";
import { listJobEvents } from "@/server/jobs/list-job-events";
import { listJobs } from "@/server/jobs/list-jobs";
import { createTestHost, resetJobTables } from "@/test/support/test-fixtures";

const MiB = 1024 * 1024;

describe("a copy's progress from the engine's meter to the console's jobs", () => {
  let host: { id: string; name: string };
  let jobId: string;

  beforeEach(async () => {
    await resetJobTables();
    host = await createTestHost("db-01");
    jobId = (
      await createJob({
        hostId: host.id,
        kind: "set.copy",
        args: { target: { kind: "sets", sets: ["/dev/vx/a"] }, direction: "s", full: true },
        requestedById: null,
      })
    ).id;
    await claimNextJob({ hostId: host.id });
  });

  it("arrives typed and unchanged in the job, its events and the progress view", async () => {
    const meter = new ProgressMeter(64, 64 * MiB);
    meter.add(16, 16 * MiB);
    // What the engine reports for a set (engine/run-set-copy.ts) and the agent sends as an event.
    const sent: JobProgress = {
      phase: "copying",
      direction: "to-shadow",
      ...meter.snapshot(),
      updatedAt: Date.now(),
      set: "/dev/vx/a",
    };
    const request = jobEventsRequestSchema.parse(
      JSON.parse(
        JSON.stringify({ attempt: 1, events: [{ seq: 1, at: Date.now(), type: "progress", progress: sent }] }),
      ),
    );
    await appendJobEvents({ hostId: host.id, jobId, ...request });

    const { elapsedMs: _measuredOnTheHost, ...expected } = sent as JobProgress & { elapsedMs?: number };
    const job = await getJob({ jobId });
    expectTypeOf(job.progress).toEqualTypeOf<JobProgress | null>();
    expect(job.progress).toEqual(expected);
    expect((await listJobs({ hostId: host.id }))[0]?.progress).toEqual(expected);
    expect((await listJobEvents({ jobId }))[0]?.progress).toEqual(expected);
    expect(readJobProgress(job.progress)).toEqual({
      phase: "copying",
      direction: "to-shadow",
      set: "/dev/vx/a",
      percent: 25,
      bytesDone: 16 * MiB,
      bytesTotal: 64 * MiB,
      rateBytesPerSec: sent.rateBytesPerSec,
      etaSeconds: sent.etaSeconds,
    });
  });
});
