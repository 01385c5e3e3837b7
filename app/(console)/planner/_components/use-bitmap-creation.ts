"use client";
// Creates the planned bitmap volumes one job after another: a disk group takes one job at a time
// (lib/job-types jobLockKeys), so the next volume.create is queued only when the previous job has
// ended. Each step is started and followed by components/use-followed-job; the first refusal or
// failure stops the rest, which are reported as not started.
import { useState } from "react";
import { type FollowedJobDetail, useStartedJob } from "@/components/use-followed-job";
import type { BitmapKind } from "@/lib/bitmap-size";
import { useTRPC } from "@/trpc/client";

export interface CreationItem {
  key: string;
  name: string;
  masterBytes: number;
  bitmapKind: BitmapKind;
  sizeBytes: number;
}

export interface CreationStep extends CreationItem {
  /** A job state, or "waiting" (not queued yet), "refused" (the request was refused) or "skipped". */
  state: string;
  jobId?: string;
  error?: string;
  /** The size the agent reports it created. */
  createdBytes?: number;
}

type StepResult = Pick<CreationStep, "state" | "jobId" | "error" | "createdBytes">;

interface Run {
  host: string;
  diskGroup: string;
  items: CreationItem[];
  /** One key per request of this run: a retried request returns the same job, never a second volume. */
  keyBase: string;
}

export function useBitmapCreation() {
  const trpc = useTRPC();
  const [run, setRun] = useState<Run | null>(null);
  /** The steps whose job has ended, in order. */
  const [ended, setEnded] = useState<StepResult[]>([]);
  /** A job of this run ended without success: the rest are not started. */
  const [failed, setFailed] = useState(false);
  const current = useStartedJob(trpc.volume.create.mutationOptions(), {
    refreshOnEnd: [trpc.host.pathFilter(), trpc.job.pathFilter()],
    onEnd: (job, outcome) => {
      const done = [...ended, stepResult(job)];
      setEnded(done);
      if (outcome.status !== "succeeded") setFailed(true);
      else if (run && done.length < run.items.length) queue(run, done.length);
    },
  });

  function queue({ host, diskGroup, items, keyBase }: Run, i: number) {
    const item = items[i]!;
    current.start({
      host,
      diskGroup,
      name: item.name,
      sizeBytes: item.sizeBytes,
      bitmapForMasterBytes: item.masterBytes,
      bitmapKind: item.bitmapKind,
      preallocate: false,
      idempotencyKey: `${keyBase}-${i}`,
    });
  }

  function start(host: string, diskGroup: string, items: CreationItem[]) {
    const next = {
      host,
      diskGroup,
      items,
      keyBase: `plan-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`,
    };
    setRun(next);
    setEnded([]);
    setFailed(false);
    if (items.length > 0) queue(next, 0);
  }

  const { outcome } = current;
  // The step after the last ended one is the current job's, unless the run stopped: a job that did
  // not succeed, or a refused request, leaves the rest not started.
  const stopped = failed || outcome.status === "refused" || ended.length === run?.items.length;
  const steps: CreationStep[] =
    run?.items.map((item, i) => {
      const result = ended[i];
      if (result) return { ...item, ...result };
      if (i > ended.length) return { ...item, state: stopped ? "skipped" : "waiting" };
      if (outcome.status === "refused") return { ...item, state: "refused", error: outcome.message };
      if (stopped) return { ...item, state: "skipped" };
      if (!current.job) return { ...item, state: "waiting", jobId: current.jobId ?? undefined };
      return { ...item, ...stepResult(current.job) };
    }) ?? [];

  return { steps, running: run !== null && !stopped, run: start };
}

function stepResult(job: FollowedJobDetail): StepResult {
  const created = job.result && "sizeBytes" in job.result ? job.result.sizeBytes : undefined;
  return {
    jobId: job.id,
    state: job.state,
    error: job.error?.message,
    createdBytes: typeof created === "number" ? created : undefined,
  };
}
