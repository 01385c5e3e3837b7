"use client";
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Cell, ColumnHeader, DataTable, Row, RowHeader, TableHead } from "@/components/data-table";
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
    <>
      <RefreshErrorNote error={error} />
      <DataTable caption="Jobs, newest first">
        <TableHead>
          <ColumnHeader>Job</ColumnHeader>
          <ColumnHeader>Host</ColumnHeader>
          <ColumnHeader>State</ColumnHeader>
          <ColumnHeader className="w-1/3">Progress or outcome</ColumnHeader>
          <ColumnHeader>Requested</ColumnHeader>
        </TableHead>
        <tbody>
          {jobs.map((job) => (
            <Row key={job.id} className="align-top" data-job-id={job.id}>
              <RowHeader weight="normal">
                <Link href={`/jobs/${job.id}`} className="font-mono font-medium underline underline-offset-2">
                  {job.kind}
                </Link>
              </RowHeader>
              <Cell>{job.hostName}</Cell>
              <Cell>
                <JobStateBadge state={job.state} />
              </Cell>
              <Cell>
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
              </Cell>
              <Cell>
                <RelativeTime iso={job.createdAt} />
              </Cell>
            </Row>
          ))}
        </tbody>
      </DataTable>
    </>
  );
}
