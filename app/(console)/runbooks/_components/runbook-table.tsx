"use client";
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { LastRunCell } from "@/app/(console)/runbooks/_components/last-run-cell";
import { RunbookBadges } from "@/app/(console)/runbooks/_components/runbook-badges";
import { Cell, ColumnHeader, DataTable, Row, RowHeader, TableHead } from "@/components/data-table";
import { EmptyState } from "@/components/empty-state";
import { RefreshErrorNote } from "@/components/refresh-error-note";
import { RelativeTime } from "@/components/relative-time";
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
    <>
      <RefreshErrorNote error={error} />
      <DataTable scrollLabel="Runbooks, scrolling sideways" caption="Runbooks by name">
        <TableHead>
          <ColumnHeader>Runbook</ColumnHeader>
          <ColumnHeader>I/O group</ColumnHeader>
          <ColumnHeader>Hosts</ColumnHeader>
          <ColumnHeader>Snapshot disk group</ColumnHeader>
          <ColumnHeader>Schedule</ColumnHeader>
          <ColumnHeader>Last run</ColumnHeader>
        </TableHead>
        <tbody>
          {runbooks.map((rb) => (
            <Row key={rb.id} className="align-top" data-runbook={rb.name}>
              <RowHeader weight="normal">
                <div className="space-y-1">
                  <Link href={runbookHref(rb.name)} className="font-medium underline underline-offset-2">
                    {rb.name}
                  </Link>
                  {rb.spec.description && <p className="text-xs text-muted">{rb.spec.description}</p>}
                  <RunbookBadges runbook={rb} />
                </div>
              </RowHeader>
              <Cell className="font-mono">{rb.spec.group}</Cell>
              <Cell>
                {rb.spec.productionHost} <span className="text-muted">→</span> {rb.spec.backupHost}
              </Cell>
              <Cell className="font-mono">{rb.spec.snapshotDiskGroup}</Cell>
              <Cell>
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
              </Cell>
              <Cell>
                <LastRunCell run={rb.lastRun} />
              </Cell>
            </Row>
          ))}
        </tbody>
      </DataTable>
    </>
  );
}
