"use client";
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { CancelJobButton } from "@/app/(console)/jobs/[id]/_components/cancel-job-button";
import { JobProgressView } from "@/components/job-progress-view";
import { JobStateBadge } from "@/components/job-state-badge";
import { Panel } from "@/components/panel";
import { RefreshErrorNote } from "@/components/refresh-error-note";
import { formatUtc, RelativeTime } from "@/components/relative-time";
import { formatDuration } from "@/lib/format-duration";
import { BUSY_POLL_MS, isActiveJobState } from "@/lib/poll-interval";
import { useTRPC } from "@/trpc/client";

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs uppercase tracking-wide text-muted">{label}</dt>
      <dd className="mt-0.5 text-sm">{children}</dd>
    </div>
  );
}

function When({ iso }: { iso: string | null }) {
  if (!iso) return <span className="text-muted">—</span>;
  return <span title={formatUtc(iso)}><RelativeTime iso={iso} /></span>;
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
      <div className="mb-6 flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">
          <span className="font-mono">{job.kind}</span> <span className="text-muted">on</span> {job.hostName}
        </h1>
        <span data-testid="job-state"><JobStateBadge state={job.state} /></span>
        {job.cancelRequestedAt && active && <span className="text-sm text-warning">cancel requested</span>}
        {canCancel && active && !job.cancelRequestedAt && <span className="ml-auto"><CancelJobButton job={job} /></span>}
      </div>
      <RefreshErrorNote error={error} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Panel title="Progress">
          <div className="space-y-3">
            <JobProgressView job={job} />
            <p className="text-sm"><span className="text-muted">Phase:</span> {job.phase ?? "—"}</p>
          </div>
        </Panel>
        <Panel title="Details">
          <dl className="grid grid-cols-2 gap-4">
            <Field label="Job ID"><span className="font-mono text-xs">{job.id}</span></Field>
            <Field label="Host"><Link href={`/hosts/${encodeURIComponent(job.hostName)}`} className="underline underline-offset-2">{job.hostName}</Link></Field>
            <Field label="Requested by">{job.requestedBy ?? "system"}</Field>
            <Field label="Attempt">{job.attempt}</Field>
            <Field label="Queued"><When iso={job.createdAt} /></Field>
            <Field label="Started"><When iso={job.startedAt} /></Field>
            <Field label="Finished"><When iso={job.finishedAt} /></Field>
            <Field label="Took">{took === null ? "—" : formatDuration(took)}</Field>
          </dl>
        </Panel>
        {job.error && (
          <Panel title="Error" className="lg:col-span-2">
            <dl className="grid gap-4 sm:grid-cols-[10rem_1fr]">
              <Field label="Code"><span className="font-mono">{job.error.code}</span></Field>
              <Field label="Message"><span role="alert" className="text-danger">{job.error.message}</span></Field>
              {job.error.object && <Field label="About"><span className="font-mono">{job.error.object}</span></Field>}
            </dl>
          </Panel>
        )}
        <Panel title="Arguments">
          <pre className="overflow-x-auto rounded bg-surface-raised p-3 font-mono text-xs">{JSON.stringify(job.args, null, 2)}</pre>
        </Panel>
        <Panel title="Result">
          {job.result
            ? <pre className="overflow-x-auto rounded bg-surface-raised p-3 font-mono text-xs">{JSON.stringify(job.result, null, 2)}</pre>
            : <p className="text-sm text-muted">{active ? "Not finished yet." : "No result."}</p>}
        </Panel>
      </div>
    </>
  );
}
