"use client";
// The jobs an action on this page started, each followed to its end (job.get every second while
// queued or running) with its progress, and the sets refreshed when it ends, so the operator sees
// the effect without leaving the page. Lives in page state: the job pages keep the full history.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { createContext, useCallback, useContext, useEffect, useRef, useState } from "react";
import { JobProgressView } from "@/components/job-progress-view";
import { JobStateBadge } from "@/components/job-state-badge";
import { Panel } from "@/components/panel";
import { BUSY_POLL_MS, isActiveJobState } from "@/lib/poll-interval";
import { useTRPC } from "@/trpc/client";

export interface StartedJob {
  id: string;
  kind: string;
  /** What the operator asked for, in words ("Update of /san/snap/s1 to shadow"). */
  label: string;
}

const FollowContext = createContext<(job: StartedJob) => void>(() => {});

export function useFollowJob() {
  return useContext(FollowContext);
}

export function FollowedJobsProvider({
  children,
  onJobEnd,
}: {
  children: React.ReactNode;
  onJobEnd?: (job: StartedJob, state: string) => void;
}) {
  const [jobs, setJobs] = useState<StartedJob[]>([]);
  // A job already followed keeps its entry and label: an abort answers with the copy job it
  // cancelled, which stays "Full copy of …" (now cancelled) rather than turning into "Abort of …".
  const follow = useCallback(
    (job: StartedJob) => setJobs((list) => (list.some((j) => j.id === job.id) ? list : [job, ...list])),
    [],
  );
  return (
    <FollowContext.Provider value={follow}>
      {jobs.length > 0 && (
        <div className="mb-6">
          <Panel title="Started from this page">
            <ul aria-label="Jobs started from this page" className="space-y-4">
              {jobs.map((job) => (
                <FollowedJob key={job.id} job={job} onEnd={onJobEnd} />
              ))}
            </ul>
          </Panel>
        </div>
      )}
      {children}
    </FollowContext.Provider>
  );
}

function FollowedJob({ job, onEnd }: { job: StartedJob; onEnd?: (job: StartedJob, state: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data } = useQuery({
    ...trpc.job.get.queryOptions({ id: job.id }),
    refetchInterval: (query) => (query.state.data && !isActiveJobState(query.state.data.state) ? false : BUSY_POLL_MS),
  });
  const ended = data && !isActiveJobState(data.state) ? data.state : null;
  // The page's sets poll every 10 s while idle: refresh them as soon as the job starts running,
  // so their own polling sees the job and speeds up to every second (live copy progress at once).
  const state = data?.state;
  useEffect(() => {
    if (state === "running") void queryClient.invalidateQueries(trpc.set.pathFilter());
  }, [state, queryClient, trpc]);
  const reported = useRef(false);
  useEffect(() => {
    if (!ended || reported.current) return;
    reported.current = true;
    void queryClient.invalidateQueries(trpc.set.pathFilter());
    void queryClient.invalidateQueries(trpc.host.pathFilter());
    void queryClient.invalidateQueries(trpc.sv.pathFilter());
    onEnd?.(job, ended);
  }, [ended, job, onEnd, queryClient, trpc]);

  return (
    <li data-job-id={job.id} className="space-y-2">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-medium">{job.label}</span>
        <span data-testid="followed-job-state">
          {data ? <JobStateBadge state={data.state} /> : <span className="text-muted">…</span>}
        </span>
        <Link href={`/jobs/${job.id}`} className="ml-auto text-xs underline underline-offset-2">
          job {job.kind}
        </Link>
      </div>
      {data && <JobProgressView job={data} />}
      {data?.error && (
        <p role="alert" className="text-sm text-danger">
          {data.error.message}
        </p>
      )}
    </li>
  );
}
