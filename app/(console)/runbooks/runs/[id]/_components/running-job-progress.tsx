"use client";
// The job a step is waiting on, with the jobs page's progress bar, polled every second.
import { useQuery } from "@tanstack/react-query";
import { JobProgressView } from "@/components/job-progress-view";
import { JobStateBadge } from "@/components/job-state-badge";
import { BUSY_POLL_MS, isActiveJobState } from "@/lib/poll-interval";
import { useTRPC } from "@/trpc/client";

export function RunningJobProgress({ id }: { id: string }) {
  const trpc = useTRPC();
  const { data: job } = useQuery({
    ...trpc.job.get.queryOptions({ id }),
    refetchInterval: (query) => (query.state.data && !isActiveJobState(query.state.data.state) ? false : BUSY_POLL_MS),
  });
  if (!job) return null;
  return (
    <div className="max-w-xl space-y-1 rounded-md bg-surface-raised p-2">
      <p className="flex items-center gap-2 text-xs">
        <span className="font-mono">{job.kind}</span> on {job.hostName} <JobStateBadge state={job.state} />
      </p>
      <JobProgressView job={job} />
    </div>
  );
}
