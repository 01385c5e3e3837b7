"use client";
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { CancelJobButton } from "@/app/(console)/jobs/[id]/_components/cancel-job-button";
import { CodeBlock } from "@/components/code-block";
import { DetailHeader } from "@/components/detail-header";
import { DetailField } from "@/components/detail-field";
import { JobProgressView } from "@/components/job-progress-view";
import { JobStateBadge } from "@/components/job-state-badge";
import { Panel } from "@/components/panel";
import { RefreshErrorNote } from "@/components/refresh-error-note";
import { formatUtc, RelativeTime } from "@/components/relative-time";
import { formatDuration } from "@/lib/format-duration";
import { BUSY_POLL_MS, isActiveJobState } from "@/lib/poll-interval";
import { useTRPC } from "@/trpc/client";

function When({ iso }: { iso: string | null }) {
  if (!iso) return <span className="text-muted">—</span>;
  return (
    <span title={formatUtc(iso)}>
      <RelativeTime iso={iso} />
    </span>
  );
}

export function JobDetail({ id, canCancel }: { id: string; canCancel: boolean }) {
  const trpc = useTRPC();
  const { data: job, error } = useSuspenseQuery({
    ...trpc.job.get.queryOptions({ id }),
    // Every second while it may still change; a finished job never does.
    refetchInterval: (query) => (query.state.data && !isActiveJobState(query.state.data.state) ? false : BUSY_POLL_MS),
  });
  const active = isActiveJobState(job.state);
  const took = job.startedAt && job.finishedAt ? (Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000 : null;

  return (
    <>
      <DetailHeader
        title={
          <>
            <span className="font-mono">{job.kind}</span> <span className="text-muted">on</span> {job.hostName}
          </>
        }
      >
        <span data-testid="job-state">
          <JobStateBadge state={job.state} />
        </span>
        {job.cancelRequestedAt && active && <span className="text-sm text-warning">cancel requested</span>}
        {canCancel && active && !job.cancelRequestedAt && (
          <span className="ml-auto">
            <CancelJobButton job={job} />
          </span>
        )}
      </DetailHeader>
      <RefreshErrorNote error={error} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Panel title="Progress">
          <div className="space-y-3">
            <JobProgressView job={job} />
            <p className="text-sm">
              <span className="text-muted">Phase:</span> {job.phase ?? "—"}
            </p>
          </div>
        </Panel>
        <Panel title="Details">
          <dl className="grid grid-cols-2 gap-4">
            <DetailField label="Job ID">
              <span className="font-mono text-xs">{job.id}</span>
            </DetailField>
            <DetailField label="Host">
              <Link href={`/hosts/${encodeURIComponent(job.hostName)}`} className="underline underline-offset-2">
                {job.hostName}
              </Link>
            </DetailField>
            <DetailField label="Requested by">{job.requestedBy ?? "system"}</DetailField>
            <DetailField label="Attempt">{job.attempt}</DetailField>
            <DetailField label="Queued">
              <When iso={job.createdAt} />
            </DetailField>
            <DetailField label="Started">
              <When iso={job.startedAt} />
            </DetailField>
            <DetailField label="Finished">
              <When iso={job.finishedAt} />
            </DetailField>
            <DetailField label="Took">{took === null ? "—" : formatDuration(took)}</DetailField>
          </dl>
        </Panel>
        {job.error && (
          <Panel title="Error" className="lg:col-span-2">
            <dl className="grid gap-4 sm:grid-cols-[10rem_1fr]">
              <DetailField label="Code">
                <span className="font-mono">{job.error.code}</span>
              </DetailField>
              <DetailField label="Message">
                <span role="alert" className="text-danger">
                  {job.error.message}
                </span>
              </DetailField>
              {job.error.object && (
                <DetailField label="About">
                  <span className="font-mono">{job.error.object}</span>
                </DetailField>
              )}
            </dl>
          </Panel>
        )}
        <Panel title="Arguments">
          <CodeBlock label="Job arguments as JSON">{JSON.stringify(job.args, null, 2)}</CodeBlock>
        </Panel>
        <Panel title="Result">
          {job.result ? (
            <CodeBlock label="Job result as JSON">{JSON.stringify(job.result, null, 2)}</CodeBlock>
          ) : (
            <p className="text-sm text-muted">{active ? "Not finished yet." : "No result."}</p>
          )}
        </Panel>
      </div>
    </>
  );
}
