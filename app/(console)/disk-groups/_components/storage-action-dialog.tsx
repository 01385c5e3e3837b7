"use client";
// The confirmation dialog of every disk-group action: what will happen, then what the inventory
// says would block it (shown before anything is sent; sending stays possible because the
// inventory can be seconds old and the agent has the last word), then the job it queued, followed
// to its end (components/use-followed-job). A refusal, by the console or by the agent, stays in
// the dialog; on success the dialog closes and hands the job to the page, which shows the result.
import type React from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { JobProgressView } from "@/components/job-progress-view";
import { JobOnHost } from "@/components/job-on-host";
import { useStartedJob } from "@/components/use-followed-job";
import type { ActionCheck } from "@/lib/disk-group-blockers";
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
  const {
    start: queue,
    job,
    outcome,
  } = useStartedJob(
    { mutationFn: () => start!() },
    {
      // The agent sent its inventory with the finish: refetch what the pages show from it.
      refreshOnEnd: [trpc.diskGroup.pathFilter(), trpc.host.pathFilter()],
      onEnd: (ended, endedOutcome) => {
        if (endedOutcome.status === "succeeded") onSucceeded(ended);
      },
    },
  );
  const refusal =
    outcome.status === "refused"
      ? outcome.message
      : outcome.status === "unsuccessful" && job
        ? `${job.kind} on ${job.hostName} ${outcome.state}: ${outcome.message ?? "no reason given"}`
        : null;
  const blocked = check.blockers.length > 0;

  return (
    <ConfirmDialog
      open
      title={title}
      confirmLabel={blocked ? `${confirmLabel} anyway` : confirmLabel}
      destructive={destructive || blocked}
      typedConfirmation={typedConfirmation}
      pending={outcome.status === "starting" || outcome.status === "active"}
      error={refusal}
      onConfirm={() => {
        if (start) queue();
      }}
      onCancel={onClose}
    >
      {children}
      <ActionCheckList check={check} />
      {job && (
        <div className="space-y-2 rounded-md border border-border p-3" data-testid="action-job">
          <p className="flex items-center gap-2">
            <JobOnHost job={job} />
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
