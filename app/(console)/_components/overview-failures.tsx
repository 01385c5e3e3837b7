"use client";
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { JobStateBadge } from "@/components/job-state-badge";
import { RelativeTime } from "@/components/relative-time";
import { useLivePollInterval } from "@/components/use-live-poll-interval";
import { RECENT_FAILURES, recentFailedJobsInput, recentInterruptedJobsInput } from "@/lib/recent-failures";
import { useTRPC } from "@/trpc/client";

export function OverviewFailures() {
  const trpc = useTRPC();
  const interval = useLivePollInterval();
  const { data: failed } = useSuspenseQuery({
    ...trpc.job.list.queryOptions(recentFailedJobsInput),
    refetchInterval: interval,
  });
  const { data: interrupted } = useSuspenseQuery({
    ...trpc.job.list.queryOptions(recentInterruptedJobsInput),
    refetchInterval: interval,
  });
  const jobs = [...failed, ...interrupted]
    .sort((a, b) => (b.finishedAt ?? b.createdAt).localeCompare(a.finishedAt ?? a.createdAt))
    .slice(0, RECENT_FAILURES);

  if (jobs.length === 0) return <EmptyState title="No failures">No job has failed or been interrupted.</EmptyState>;
  return (
    <ul className="divide-y divide-border">
      {jobs.map((job) => (
        <li key={job.id} className="space-y-1 py-2 text-sm">
          <div className="flex flex-wrap items-center gap-2">
            <Link href={`/jobs/${job.id}`} className="font-mono font-medium underline-offset-2 hover:underline">
              {job.kind}
            </Link>
            <span className="text-muted">on {job.hostName}</span>
            <JobStateBadge state={job.state} />
            <span className="ml-auto text-xs text-muted">
              <RelativeTime iso={job.finishedAt ?? job.createdAt} />
            </span>
          </div>
          <p className="text-danger">
            {job.error ? job.error.message : "No message recorded"}
            {job.error?.object && <span className="text-muted"> ({job.error.object})</span>}
          </p>
        </li>
      ))}
    </ul>
  );
}
