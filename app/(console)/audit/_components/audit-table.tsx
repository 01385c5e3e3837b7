"use client";
// The audit log as a table: when, who (and from where), action, object, result, and the details
// behind a disclosure. "Load older" fetches the next page after the oldest entry shown.
import { useSuspenseInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Button } from "@/components/button";
import { Cell, ColumnHeader, DataTable, Row, RowHeader, TableHead } from "@/components/data-table";
import { EmptyState } from "@/components/empty-state";
import { RefreshErrorNote } from "@/components/refresh-error-note";
import { formatUtc, RelativeTime } from "@/components/relative-time";
import { StatusBadge, type StatusTone } from "@/components/status-badge";
import { type AuditFilters, auditListInput, hasAuditFilters, nextAuditCursor } from "@/lib/audit-filters";
import { useTRPC } from "@/trpc/client";

const resultTone: Record<string, StatusTone> = { ok: "success", refused: "warning", failed: "danger" };

export function AuditTable({ filters }: { filters: AuditFilters }) {
  const trpc = useTRPC();
  const { data, error, fetchNextPage, hasNextPage, isFetchingNextPage } = useSuspenseInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(auditListInput(filters), { getNextPageParam: nextAuditCursor }),
  );
  const entries = data.pages.flat();

  if (entries.length === 0) {
    return hasAuditFilters(filters) ? (
      <EmptyState title="No entries match these filters">
        Try other filters, or{" "}
        <Link href="/audit" className="underline">
          show every entry
        </Link>
        .
      </EmptyState>
    ) : (
      <EmptyState title="No entries yet">Sign-ins, jobs, user and token changes are recorded here.</EmptyState>
    );
  }
  return (
    <div className="space-y-3">
      <RefreshErrorNote error={error} />
      <DataTable caption="Audit entries, newest first">
        <TableHead>
          <ColumnHeader>When</ColumnHeader>
          <ColumnHeader>Who</ColumnHeader>
          <ColumnHeader>From</ColumnHeader>
          <ColumnHeader>Action</ColumnHeader>
          <ColumnHeader>Object</ColumnHeader>
          <ColumnHeader>Result</ColumnHeader>
          <ColumnHeader>Details</ColumnHeader>
        </TableHead>
        <tbody>
          {entries.map((entry) => (
            <Row key={entry.id} className="align-top" data-audit-action={entry.action}>
              <Cell className="whitespace-nowrap" title={formatUtc(entry.at)}>
                <RelativeTime iso={entry.at} />
              </Cell>
              <Cell>
                {entry.actor ?? <span className="text-muted">system</span>}
                {entry.actorType === "agent" && <span className="text-muted"> (agent)</span>}
              </Cell>
              <Cell className="font-mono text-xs">{entry.fromAddress ?? <span className="text-muted">—</span>}</Cell>
              <RowHeader weight="normal" className="font-mono">
                {entry.action}
              </RowHeader>
              <Cell className="break-all">{entry.object ?? <span className="text-muted">—</span>}</Cell>
              <Cell>
                <StatusBadge tone={resultTone[entry.result] ?? "neutral"}>{entry.result}</StatusBadge>
              </Cell>
              <Cell>
                {entry.detail ? (
                  <details>
                    <summary className="cursor-pointer text-muted">Show</summary>
                    <pre className="mt-1 max-w-md overflow-x-auto rounded bg-surface-raised p-2 font-mono text-xs">
                      {JSON.stringify(entry.detail, null, 2)}
                    </pre>
                  </details>
                ) : (
                  <span className="text-muted">—</span>
                )}
              </Cell>
            </Row>
          ))}
        </tbody>
      </DataTable>
      <div className="flex items-center gap-3 text-sm">
        {hasNextPage ? (
          <Button onClick={() => void fetchNextPage()} disabled={isFetchingNextPage}>
            {isFetchingNextPage ? "Loading…" : "Load older"}
          </Button>
        ) : (
          <span className="text-muted">No older entries.</span>
        )}
        <span className="text-muted" aria-live="polite">
          {entries.length} shown
        </span>
      </div>
    </div>
  );
}
