"use client";
import { useSuspenseQuery } from "@tanstack/react-query";
import { Cell, ColumnHeader, DataTable, Row, RowHeader, TableHead } from "@/components/data-table";
import { DiskGroupOwnershipNote } from "@/components/disk-group-ownership-note";
import { EmptyState } from "@/components/empty-state";
import { RefreshErrorNote } from "@/components/refresh-error-note";
import { StatusBadge } from "@/components/status-badge";
import { useLivePollInterval } from "@/components/use-live-poll-interval";
import { formatByteSize } from "@/lib/byte-size";
import { useTRPC } from "@/trpc/client";

export function OverviewDiskGroups() {
  const trpc = useTRPC();
  const interval = useLivePollInterval();
  const { data: groups, error } = useSuspenseQuery({
    ...trpc.diskGroup.everywhere.queryOptions(),
    refetchInterval: interval,
  });

  if (groups.length === 0) {
    return <EmptyState title="No disk groups">No agent reports a disk group under its roots yet.</EmptyState>;
  }
  return (
    <>
      <RefreshErrorNote error={error} />
      <DataTable caption="Disk groups and the host holding each">
        <TableHead>
          <ColumnHeader>Disk group</ColumnHeader>
          <ColumnHeader>Held by</ColumnHeader>
          <ColumnHeader align="right">Volumes</ColumnHeader>
          <ColumnHeader>Seen by</ColumnHeader>
        </TableHead>
        <tbody>
          {groups.map((group) => (
            <Row key={group.name} data-testid={`disk-group-${group.name}`}>
              <RowHeader>
                {group.name}
                {group.damaged && (
                  <StatusBadge tone="danger" className="ml-2" title={group.damaged}>
                    damaged
                  </StatusBadge>
                )}
              </RowHeader>
              <Cell>
                {group.owner ?? <span className="text-muted">deported</span>}
                {/* Conflicts only: the list page says where each holder is known from. */}
                <DiskGroupOwnershipNote ownership={group} showSource={false} />
              </Cell>
              <Cell align="right" className="tabular">
                {group.volumeCount} <span className="text-muted">({formatByteSize(group.dataBytes)})</span>
              </Cell>
              <Cell className="text-muted">{group.seenBy.map((s) => s.host).join(", ")}</Cell>
            </Row>
          ))}
        </tbody>
      </DataTable>
    </>
  );
}
