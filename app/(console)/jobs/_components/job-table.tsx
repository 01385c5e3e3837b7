"use client";
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { JobProgressView } from "@/components/job-progress-view";
import { JobStateBadge } from "@/components/job-state-badge";
import { RefreshErrorNote } from "@/components/refresh-error-note";
import { RelativeTime } from "@/components/relative-time";
import { useLivePollInterval } from "@/components/use-live-poll-interval";
import type { JobFilters } from "@/lib/job-filters";
import { isActiveJobState } from "@/lib/poll-interval";
import { useTRPC } from "@/trpc/client";

export function JobTable({ filters }: { filters: JobFilters }) {
  const trpc = useTRPC();
  const interval = useLivePollInterval();
  const { data: jobs, error } = useSuspenseQuery({ ...trpc.job.list.queryOptions(filters), refetchInterval: interval });

  if (jobs.length === 0) {
    const filtered = filters.host !== undefined || filters.state !== undefined;
    return (
      <EmptyState title={filtered ? "No jobs match these filters" : "No jobs yet"}>
        {filtered ? (
          <>
            Try another host or state, or{" "}
            <Link href="/jobs" className="underline">
              show all jobs
            </Link>
            .
          </>
        ) : (
          "Every operation on a host (iiadm, svadm, dg, vol) runs as a job and appears here."
        )}
      </EmptyState>
    );
  }
  return (
    <div className="overflow-x-auto">
      <RefreshErrorNote error={error} />
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Jobs, newest first</caption>
        <thead className="text-muted">
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">
              Job
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Host
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              State
            </th>
            <th scope="col" className="w-1/3 py-1 pr-3 font-medium">
              Progress or outcome
            </th>
            <th scope="col" className="py-1 font-medium">
              Requested
            </th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr key={job.id} className="border-t border-border align-top" data-job-id={job.id}>
              <th scope="row" className="py-2 pr-3 font-normal">
                <Link href={`/jobs/${job.id}`} className="font-mono font-medium underline underline-offset-2">
                  {job.kind}
                </Link>
              </th>
              <td className="py-2 pr-3">{job.hostName}</td>
              <td className="py-2 pr-3">
                <JobStateBadge state={job.state} />
              </td>
              <td className="py-2 pr-3">
                {isActiveJobState(job.state) ? (
                  <JobProgressView job={job} />
                ) : job.error ? (
                  <span className="text-danger">{job.error.message}</span>
                ) : (
                  <span className="text-muted">
                    {job.finishedAt ? (
                      <>
                        finished <RelativeTime iso={job.finishedAt} />
                      </>
                    ) : (
                      "—"
                    )}
                  </span>
                )}
              </td>
              <td className="py-2">
                <RelativeTime iso={job.createdAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
