"use client";
// Start a job and follow it to its end, for every page that queues storage work (issue 23). The
// request goes through the procedure's mutation; the job it queued is read with job.get every
// second (BUSY_POLL_MS, the live pages' busy rate of lib/poll-interval.ts) until it is terminal;
// what the page may say of it comes from lib/started-job-outcome.ts, so a failed, cancelled or interrupted
// job is never shown as done; and when it ends, the queries it changed are refetched once, so the
// page shows its effect without waiting for its own idle poll.
//
// useStartedJob is the whole round trip. useFollowedJob is its second half, for a job started by
// another component that may be gone by the time the job ends (a set page's action buttons hand
// their jobs to the page's list).
import {
  type QueryFilters,
  type UseMutationOptions,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import type { inferOutput } from "@trpc/tanstack-react-query";
import { useEffect, useEffectEvent, useRef } from "react";
import { type StartedJobOutcome, startedJobOutcome, outcomeOfJob } from "@/lib/started-job-outcome";
import { isTerminalJobState } from "@/lib/job-states";
import { BUSY_POLL_MS } from "@/lib/poll-interval";
import { useTRPC } from "@/trpc/client";

/** The job as job.get returns it: state, phase, progress, error and result. */
export type FollowedJobDetail = inferOutput<ReturnType<typeof useTRPC>["job"]["get"]>;
export type EndedJobOutcome = Extract<StartedJobOutcome, { status: "succeeded" | "unsuccessful" }>;

export interface FollowJobOptions {
  /** What the job changes, refetched once when it ends. */
  refreshOnEnd: readonly QueryFilters[];
  /** Refetched once when the job starts running, so pages that poll slowly while idle see it and speed up. */
  refreshOnRunning?: readonly QueryFilters[];
  /** Called once when the job ends, after its refresh was asked for. */
  onEnd?: (job: FollowedJobDetail, outcome: EndedJobOutcome) => void;
}

export interface FollowedJob {
  job: FollowedJobDetail | undefined;
  outcome: StartedJobOutcome;
}

export function useFollowedJob(jobId: string | null, options: FollowJobOptions): FollowedJob {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: job } = useQuery({
    ...trpc.job.get.queryOptions({ id: jobId ?? "" }),
    enabled: jobId !== null,
    refetchInterval: (query) => (query.state.data && isTerminalJobState(query.state.data.state) ? false : BUSY_POLL_MS),
  });

  // Effect events read the caller's latest options: callers pass fresh arrays and callbacks on
  // every render, and neither should re-run the effects below.
  const refresh = (filters: readonly QueryFilters[] = []) => {
    for (const filter of filters) void queryClient.invalidateQueries(filter);
  };
  const started = useEffectEvent(() => refresh(options.refreshOnRunning));
  const ended = useEffectEvent((endedJob: FollowedJobDetail) => {
    refresh(options.refreshOnEnd);
    const outcome = outcomeOfJob(endedJob);
    if (outcome.status === "succeeded" || outcome.status === "unsuccessful") options.onEnd?.(endedJob, outcome);
  });

  const state = job?.state;
  useEffect(() => {
    if (jobId !== null && state === "running") started();
  }, [jobId, state]);

  // Each job's end is handled once, however often the job is read again afterwards.
  const handled = useRef<string | null>(null);
  useEffect(() => {
    if (!job || !isTerminalJobState(job.state) || handled.current === job.id) return;
    handled.current = job.id;
    ended(job);
  }, [job]);

  return { job, outcome: startedJobOutcome({ isRequestPending: false, requestError: null, jobId, job }) };
}

export interface StartedJob<TVariables> extends FollowedJob {
  /** Sends the request; a new request forgets the previous job. */
  start: (variables: TVariables) => void;
  /** The job the last request queued, once known. */
  jobId: string | null;
}

/** Calls a mutation that queues a job (it answers with the job) and follows that job to its end. */
export function useStartedJob<TData extends { id: string }, TError extends { message: string }, TVariables = void>(
  mutationOptions: UseMutationOptions<TData, TError, TVariables>,
  options: FollowJobOptions,
): StartedJob<TVariables> {
  const mutation = useMutation(mutationOptions);
  const jobId = mutation.data?.id ?? null;
  const { job } = useFollowedJob(jobId, options);
  return {
    start: mutation.mutate,
    jobId,
    job,
    outcome: startedJobOutcome({ isRequestPending: mutation.isPending, requestError: mutation.error, jobId, job }),
  };
}
