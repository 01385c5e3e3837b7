"use client";
// Archive lineage (issue 6): which runbook archives hold which points in time of this set, newest
// first, each linked to the run that made it.
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Cell, ColumnHeader, DataTable, Row, RowHeader, TableHead } from "@/components/data-table";
import { EmptyState } from "@/components/empty-state";
import { formatUtc, RelativeTime } from "@/components/relative-time";
import { StatusBadge } from "@/components/status-badge";
import { formatByteSize } from "@/lib/byte-size";
import { IDLE_POLL_MS } from "@/lib/poll-interval";
import { runbookHref, runHref } from "@/lib/runbook-route";
import { useTRPC } from "@/trpc/client";

export function SetArchives({ shadow }: { shadow: string }) {
  const trpc = useTRPC();
  const { data: lineage } = useSuspenseQuery({
    ...trpc.runbook.lineage.queryOptions({ shadow }),
    refetchInterval: IDLE_POLL_MS,
  });
  if (lineage.length === 0) {
    return (
      <EmptyState title="No archives">
        No runbook has archived this set yet. A runbook&apos;s built-in backup records each point in time it archives
        here.
      </EmptyState>
    );
  }
  return (
    <DataTable caption={`Archives holding points in time of ${shadow}, newest first`}>
      <TableHead>
        <ColumnHeader>Point in time</ColumnHeader>
        <ColumnHeader>Archive</ColumnHeader>
        <ColumnHeader align="right">Size</ColumnHeader>
        <ColumnHeader>SHA-256</ColumnHeader>
        <ColumnHeader>Made by</ColumnHeader>
      </TableHead>
      <tbody>
        {lineage.map((a) => (
          <Row key={`${a.archiveId}:${a.file}`} className="align-top" data-archive={a.archiveId}>
            <RowHeader weight="normal">
              {a.pointInTime ? (
                <span title={formatUtc(a.pointInTime)}>{formatUtc(a.pointInTime)}</span>
              ) : (
                <span className="text-muted">unknown</span>
              )}
              {a.deletedAt && (
                <StatusBadge tone="neutral" className="ml-2" title={`deleted ${formatUtc(a.deletedAt)} (keepArchives)`}>
                  deleted
                </StatusBadge>
              )}
            </RowHeader>
            <Cell>
              <span className="break-all font-mono text-xs">
                {a.dir}/{a.file}
              </span>
              <span className="block text-xs text-muted">
                on {a.hostName}, made <RelativeTime iso={a.createdAt} />
              </span>
            </Cell>
            <Cell align="right" className="tabular">
              {formatByteSize(a.sizeBytes)}
            </Cell>
            <Cell className="font-mono text-xs" title={a.sha256}>
              {a.sha256.slice(0, 12)}…
            </Cell>
            <Cell>
              <Link href={runHref(a.runId)} className="underline underline-offset-2">
                run
              </Link>{" "}
              of{" "}
              {a.runbookDeleted ? (
                <>
                  <span className="font-mono">{a.runbookName}</span>{" "}
                  <span className="text-xs text-muted">(deleted)</span>
                </>
              ) : (
                <Link href={runbookHref(a.runbookName)} className="font-mono underline underline-offset-2">
                  {a.runbookName}
                </Link>
              )}
            </Cell>
          </Row>
        ))}
      </tbody>
    </DataTable>
  );
}
