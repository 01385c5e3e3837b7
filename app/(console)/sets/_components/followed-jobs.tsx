"use client";
// The jobs an action on this page started, each followed to its end (components/use-followed-job)
// with its progress, and the sets refreshed when it ends, so the operator sees the effect without
// leaving the page. Lives in page state: the job pages keep the full history.
import Link from "next/link";
import { createContext, useCallback, useContext, useState } from "react";
import { JobProgressView } from "@/components/job-progress-view";
import { JobStateBadge } from "@/components/job-state-badge";
import { Panel } from "@/components/panel";
import { type EndedJobOutcome, useFollowedJob } from "@/components/use-followed-job";
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
  onJobEnd?: (job: StartedJob, outcome: EndedJobOutcome) => void;
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

function FollowedJob({ job, onEnd }: { job: StartedJob; onEnd?: (job: StartedJob, outcome: EndedJobOutcome) => void }) {
  const trpc = useTRPC();
  const { job: data } = useFollowedJob(job.id, {
    refreshOnEnd: [trpc.set.pathFilter(), trpc.host.pathFilter(), trpc.sv.pathFilter()],
    // The page's sets poll every 10 s while idle: refresh them as soon as the job starts running,
    // so their own polling sees the job and speeds up to every second (live copy progress at once).
    refreshOnRunning: [trpc.set.pathFilter()],
    onEnd: (_ended, outcome) => onEnd?.(job, outcome),
  });

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
