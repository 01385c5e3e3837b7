"use client";
// The confirmation dialog of every disk-group action: what will happen, then what the inventory
// says would block it (shown before anything is sent; sending stays possible because the
// inventory can be seconds old and the agent has the last word), then the job it queued, followed
// to its end. A refusal, by the console or by the agent, stays in the dialog; on success the
// dialog closes and hands the job to the page, which shows the result.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import type React from "react";
import { useEffect, useRef } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { JobProgressView } from "@/components/job-progress-view";
import { JobStateBadge } from "@/components/job-state-badge";
import type { ActionCheck } from "@/lib/disk-group-blockers";
import { BUSY_POLL_MS, isActiveJobState } from "@/lib/poll-interval";
import { useTRPC } from "@/trpc/client";

export interface FinishedJob {
  id: string;
  kind: string;
  hostName: string;
  state: string;
  result: Record<string, unknown> | null;
}

export function StorageActionDialog({
  title,
  confirmLabel,
  destructive,
  typedConfirmation,
  check,
  start,
  onClose,
  onSucceeded,
  children,
}: {
  title: string;
  confirmLabel: string;
  destructive?: boolean;
  typedConfirmation?: string;
  check: ActionCheck;
  /** Queues the job; returns it (a storage mutation's JobDetail). Null when the form is not valid yet. */
  start: (() => Promise<{ id: string }>) | null;
  onClose: () => void;
  onSucceeded: (job: FinishedJob) => void;
  children: React.ReactNode;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const queue = useMutation({ mutationFn: () => start!() });
  const jobId = queue.data?.id ?? null;
  const { data: job } = useQuery({
    ...trpc.job.get.queryOptions({ id: jobId ?? "" }),
    enabled: jobId !== null,
    refetchInterval: (query) => (query.state.data && !isActiveJobState(query.state.data.state) ? false : BUSY_POLL_MS),
  });
  const ended = job && !isActiveJobState(job.state) ? job : null;
  // Each job's end is handled once, however often the parent re-renders with a new callback.
  const handled = useRef<string | null>(null);

  useEffect(() => {
    if (!ended || handled.current === ended.id) return;
    handled.current = ended.id;
    // The agent sent its inventory with the finish: refetch what the pages show from it.
    void queryClient.invalidateQueries(trpc.diskGroup.pathFilter());
    void queryClient.invalidateQueries(trpc.host.pathFilter());
    if (ended.state === "succeeded") onSucceeded(ended);
  }, [ended, queryClient, trpc, onSucceeded]);

  const refusal =
    queue.error?.message ??
    (ended && ended.state !== "succeeded"
      ? `${ended.kind} on ${ended.hostName} ${ended.state}: ${ended.error?.message ?? "no reason given"}`
      : null);
  const blocked = check.blockers.length > 0;

  return (
    <ConfirmDialog
      open
      title={title}
      confirmLabel={blocked ? `${confirmLabel} anyway` : confirmLabel}
      destructive={destructive || blocked}
      typedConfirmation={typedConfirmation}
      pending={queue.isPending || (job !== undefined && isActiveJobState(job.state))}
      error={refusal}
      onConfirm={() => {
        if (start) queue.mutate();
      }}
      onCancel={onClose}
    >
      {children}
      <ActionCheckList check={check} />
      {job && (
        <div className="space-y-2 rounded-md border border-border p-3" data-testid="action-job">
          <p className="flex items-center gap-2">
            <Link href={`/jobs/${job.id}`} className="font-mono underline underline-offset-2">
              {job.kind}
            </Link>
            <span className="text-muted">on {job.hostName}</span>
            <JobStateBadge state={job.state} />
          </p>
          <JobProgressView job={job} />
        </div>
      )}
    </ConfirmDialog>
  );
}

export function ActionCheckList({ check }: { check: ActionCheck }) {
  return (
    <>
      {check.blockers.length > 0 && (
        <div className="rounded-md border border-danger bg-danger-soft p-2 text-danger" data-testid="action-blockers">
          <p className="font-medium">The inventory says the agent will refuse this:</p>
          <ul className="list-disc pl-5">
            {check.blockers.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
        </div>
      )}
      {check.warnings.length > 0 && (
        <ul className="list-disc rounded-md bg-warning-soft p-2 pl-7 text-warning" data-testid="action-warnings">
          {check.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </>
  );
}
