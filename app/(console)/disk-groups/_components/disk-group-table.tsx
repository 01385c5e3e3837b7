"use client";
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Cell, ColumnHeader, DataTable, Row, RowHeader, TableHead } from "@/components/data-table";
import { DiskGroupOwnershipNote } from "@/components/disk-group-ownership-note";
import { EmptyState } from "@/components/empty-state";
import { RefreshErrorNote } from "@/components/refresh-error-note";
import { StatusBadge } from "@/components/status-badge";
import { useLivePollInterval } from "@/components/use-live-poll-interval";
import { formatByteSize } from "@/lib/byte-size";
import { type HeldByFilter, matchesHeldBy } from "@/lib/disk-group-list-filter";
import { useTRPC } from "@/trpc/client";

export function DiskGroupTable({ heldBy }: { heldBy: HeldByFilter }) {
  const trpc = useTRPC();
  const interval = useLivePollInterval();
  const { data: all, error } = useSuspenseQuery({
    ...trpc.diskGroup.everywhere.queryOptions(),
    refetchInterval: interval,
  });
  const groups = all.filter((g) => matchesHeldBy(g, heldBy));

  if (all.length === 0) {
    return (
      <EmptyState title="No disk groups">
        No agent reports a disk group under its roots yet. Operators can create one on a host.
      </EmptyState>
    );
  }
  if (groups.length === 0) {
    return (
      <EmptyState title="No disk groups match this filter">
        {all.length} disk group(s) are held by other hosts or none.
      </EmptyState>
    );
  }
  return (
    <>
      <RefreshErrorNote error={error} />
      <DataTable caption="Disk groups, the host holding each, and their volumes">
        <TableHead>
          <ColumnHeader>Disk group</ColumnHeader>
          <ColumnHeader>Held by</ColumnHeader>
          <ColumnHeader>Volumes</ColumnHeader>
          <ColumnHeader align="right">Count</ColumnHeader>
          <ColumnHeader align="right">Data size</ColumnHeader>
          <ColumnHeader>Holder known from</ColumnHeader>
          <ColumnHeader>Seen by</ColumnHeader>
        </TableHead>
        <tbody>
          {groups.map((group) => (
            <Row key={group.name} data-testid={`disk-group-row-${group.name}`}>
              <RowHeader>
                <Link href={`/disk-groups/${encodeURIComponent(group.name)}`} className="underline underline-offset-2">
                  {group.name}
                </Link>
                {group.damaged && (
                  <StatusBadge tone="danger" className="ml-2" title={group.damaged}>
                    damaged
                  </StatusBadge>
                )}
              </RowHeader>
              <Cell>
                {group.owner ?? <span className="text-muted">nobody (deported)</span>}
                <DiskGroupOwnershipNote ownership={group} showSource={false} />
              </Cell>
              <Cell>
                {group.owner === null ? (
                  <span className="text-muted">—</span>
                ) : (
                  <StatusBadge tone={group.volumesStarted ? "success" : "neutral"}>
                    {group.volumesStarted ? "started" : "stopped"}
                  </StatusBadge>
                )}
              </Cell>
              <Cell align="right" className="tabular">
                {group.volumeCount}
              </Cell>
              <Cell align="right" className="tabular">
                {formatByteSize(group.dataBytes)}
              </Cell>
              <Cell className="text-muted" data-testid={`dg-owner-source-${group.name}`}>
                {group.ownerSource === "console"
                  ? "a console job"
                  : group.owner === null
                    ? "—"
                    : "reported by host, not recorded by the console"}
              </Cell>
              <Cell className="text-muted">{group.seenBy.map((s) => s.host).join(", ")}</Cell>
            </Row>
          ))}
        </tbody>
      </DataTable>
    </>
  );
}
