"use client";
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { JobProgressView } from "@/components/job-progress-view";
import { JobStateBadge } from "@/components/job-state-badge";
import { RelativeTime } from "@/components/relative-time";
import { pollIntervalFor } from "@/lib/poll-interval";
import { useTRPC } from "@/trpc/client";

export function OverviewRunningJobs() {
  const trpc = useTRPC();
  // The same queries useLivePollInterval watches; their own data decides their pace.
  const { data: running } = useSuspenseQuery({
    ...trpc.job.list.queryOptions({ state: "running" }),
    refetchInterval: (query) => pollIntervalFor(query.state.data),
  });
  const { data: queued } = useSuspenseQuery({
    ...trpc.job.list.queryOptions({ state: "queued" }),
    refetchInterval: (query) => pollIntervalFor(query.state.data),
  });
  const jobs = [...running, ...queued];

  if (jobs.length === 0)
    return <EmptyState title="Nothing running">No job is queued or running on any host.</EmptyState>;
  return (
    <ul className="space-y-4">
      {jobs.map((job) => (
        <li key={job.id} className="space-y-2">
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <Link href={`/jobs/${job.id}`} className="font-mono font-medium underline-offset-2 hover:underline">
              {job.kind}
            </Link>
            <span className="text-muted">on {job.hostName}</span>
            <JobStateBadge state={job.state} />
            <span className="ml-auto text-xs text-muted">
              started <RelativeTime iso={job.startedAt ?? job.createdAt} />
            </span>
          </div>
          <JobProgressView job={job} />
        </li>
      ))}
    </ul>
  );
}
