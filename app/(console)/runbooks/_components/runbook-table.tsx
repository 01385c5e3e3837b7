"use client";
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { LastRunCell } from "@/app/(console)/runbooks/_components/last-run-cell";
import { RunbookBadges } from "@/app/(console)/runbooks/_components/runbook-badges";
import { EmptyState } from "@/components/empty-state";
import { RefreshErrorNote } from "@/components/refresh-error-note";
import { RelativeTime } from "@/components/relative-time";
import { ScrollRegion } from "@/components/scroll-region";
import { BUSY_POLL_MS, IDLE_POLL_MS } from "@/lib/poll-interval";
import { isActiveRunState } from "@/lib/run-states";
import { newRunbookHref, runbookHref } from "@/lib/runbook-route";
import { useTRPC } from "@/trpc/client";

export function RunbookTable() {
  const trpc = useTRPC();
  const { data: runbooks, error } = useSuspenseQuery({
    ...trpc.runbook.list.queryOptions(),
    // Every second while a run is going, so its step moves; every 10 s to notice scheduled runs.
    refetchInterval: (query) =>
      query.state.data?.some((r) => r.lastRun && isActiveRunState(r.lastRun.state)) ? BUSY_POLL_MS : IDLE_POLL_MS,
  });
  if (runbooks.length === 0) {
    return (
      <EmptyState title="No runbooks yet">
        A runbook does the whole LAN-free backup in one run: quiesce, point in time, export to the backup host, archive,
        rejoin. Create one with{" "}
        <Link href={newRunbookHref} className="underline">
          New runbook
        </Link>
        , or apply a YAML file with <code className="font-mono">pitcrew runbook apply</code>.
      </EmptyState>
    );
  }
  return (
    <ScrollRegion label="Runbooks, scrolling sideways">
      <RefreshErrorNote error={error} />
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Runbooks by name</caption>
        <thead className="text-muted">
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">
              Runbook
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              I/O group
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Hosts
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Snapshot disk group
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Schedule
            </th>
            <th scope="col" className="py-1 font-medium">
              Last run
            </th>
          </tr>
        </thead>
        <tbody>
          {runbooks.map((rb) => (
            <tr key={rb.id} className="border-t border-border align-top" data-runbook={rb.name}>
              <th scope="row" className="py-2 pr-3 font-normal">
                <div className="space-y-1">
                  <Link href={runbookHref(rb.name)} className="font-medium underline underline-offset-2">
                    {rb.name}
                  </Link>
                  {rb.spec.description && <p className="text-xs text-muted">{rb.spec.description}</p>}
                  <RunbookBadges runbook={rb} />
                </div>
              </th>
              <td className="py-2 pr-3 font-mono">{rb.spec.group}</td>
              <td className="py-2 pr-3">
                {rb.spec.productionHost} <span className="text-muted">→</span> {rb.spec.backupHost}
              </td>
              <td className="py-2 pr-3 font-mono">{rb.spec.snapshotDiskGroup}</td>
              <td className="py-2 pr-3">
                {rb.spec.schedule ? (
                  <>
                    <code className="font-mono">{rb.spec.schedule}</code>
                    <p className="text-xs text-muted">
                      next <RelativeTime iso={rb.nextRunAt} fallback="never" />
                    </p>
                  </>
                ) : (
                  <span className="text-muted">manual</span>
                )}
              </td>
              <td className="py-2">
                <LastRunCell run={rb.lastRun} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
