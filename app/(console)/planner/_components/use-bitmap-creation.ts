"use client";
// Creates the planned bitmap volumes one job after another: a disk group takes one job at a time
// (lib/job-types jobLockKeys), so the next volume.create is queued only when the previous job has
// ended. Each step follows its job with job.get every second until it is terminal; the first
// refusal or failure stops the rest, which are reported as not started.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import type { BitmapKind } from "@/lib/bitmap-size";
import { BUSY_POLL_MS, isActiveJobState } from "@/lib/poll-interval";
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function useBitmapCreation() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.volume.create.mutationOptions());
  const [steps, setSteps] = useState<CreationStep[]>([]);
  const [running, setRunning] = useState(false);
  const runId = useRef(0);

  async function run(host: string, diskGroup: string, items: CreationItem[]) {
    const id = ++runId.current;
    // One key per request of this run: a retried request returns the same job, never a second volume.
    const keyBase = `plan-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    const update = (i: number, patch: Partial<CreationStep>) => {
      if (runId.current === id) setSteps((prev) => prev.map((s, j) => (j === i ? { ...s, ...patch } : s)));
    };
    setSteps(items.map((item) => ({ ...item, state: "waiting" })));
    setRunning(true);
    try {
      for (const [i, item] of items.entries()) {
        let job;
        try {
          job = await create.mutateAsync({
            host,
            diskGroup,
            name: item.name,
            sizeBytes: item.sizeBytes,
            bitmapForMasterBytes: item.masterBytes,
            bitmapKind: item.bitmapKind,
            preallocate: false,
            idempotencyKey: `${keyBase}-${i}`,
          });
        } catch (error) {
          update(i, { state: "refused", error: error instanceof Error ? error.message : String(error) });
          break;
        }
        update(i, { jobId: job.id, state: job.state });
        let detail = job;
        while (isActiveJobState(detail.state)) {
          await sleep(BUSY_POLL_MS);
          detail = await queryClient.fetchQuery({ ...trpc.job.get.queryOptions({ id: job.id }), staleTime: 0 });
          update(i, { state: detail.state });
        }
        const created = detail.result?.sizeBytes;
        update(i, {
          state: detail.state,
          error: detail.error?.message,
          createdBytes: typeof created === "number" ? created : undefined,
        });
        if (detail.state !== "succeeded") break;
      }
    } finally {
      if (runId.current === id) {
        setSteps((prev) => prev.map((s) => (s.state === "waiting" ? { ...s, state: "skipped" } : s)));
        setRunning(false);
      }
      await Promise.all([
        queryClient.invalidateQueries(trpc.host.pathFilter()),
        queryClient.invalidateQueries(trpc.job.pathFilter()),
      ]);
    }
  }

  return { steps, running, run };
}
