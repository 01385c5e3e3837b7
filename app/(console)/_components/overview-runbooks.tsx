"use client";
// Runbooks that need attention (overdue schedule, failed last run) and runs going on now.
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { LastRunCell } from "@/app/(console)/runbooks/_components/last-run-cell";
import { RunbookBadges } from "@/app/(console)/runbooks/_components/runbook-badges";
import { EmptyState } from "@/components/empty-state";
import { BUSY_POLL_MS, IDLE_POLL_MS } from "@/lib/poll-interval";
import { isActiveRunState } from "@/lib/run-states";
import { isRunbookNoteworthy } from "@/lib/runbook-attention";
import { runbookHref, runbooksHref } from "@/lib/runbook-route";
import { useTRPC } from "@/trpc/client";

export function OverviewRunbooks() {
  const trpc = useTRPC();
  const { data: runbooks } = useSuspenseQuery({
    ...trpc.runbook.list.queryOptions(),
    refetchInterval: (query) =>
      query.state.data?.some((r) => r.lastRun && isActiveRunState(r.lastRun.state)) ? BUSY_POLL_MS : IDLE_POLL_MS,
  });
  const shown = runbooks.filter(isRunbookNoteworthy);
  if (shown.length === 0) {
    return (
      <EmptyState title={runbooks.length ? "All runbooks on track" : "No runbooks"}>
        {runbooks.length ? (
          <>
            No run is going on, none is overdue and no last run failed.{" "}
            <Link href={runbooksHref} className="underline">
              All runbooks
            </Link>
          </>
        ) : (
          <>
            A runbook does the whole LAN-free backup in one run.{" "}
            <Link href={runbooksHref} className="underline">
              Runbooks
            </Link>
          </>
        )}
      </EmptyState>
    );
  }
  return (
    <ul aria-label="Runbooks needing attention or running" className="divide-y divide-border">
      {shown.map((rb) => (
        <li key={rb.id} className="flex flex-wrap items-start gap-3 py-2 text-sm" data-runbook={rb.name}>
          <div className="min-w-40 space-y-1">
            <Link href={runbookHref(rb.name)} className="font-mono font-medium underline-offset-2 hover:underline">
              {rb.name}
            </Link>
            <RunbookBadges runbook={rb} />
          </div>
          <div className="ml-auto">
            <LastRunCell run={rb.lastRun} />
          </div>
        </li>
      ))}
    </ul>
  );
}
