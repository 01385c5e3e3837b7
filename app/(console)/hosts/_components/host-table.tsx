"use client";
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Cell, ColumnHeader, DataTable, Row, RowHeader, TableHead } from "@/components/data-table";
import { EmptyState } from "@/components/empty-state";
import { HostStatusBadge } from "@/components/host-status-badge";
import { RefreshErrorNote } from "@/components/refresh-error-note";
import { RelativeTime } from "@/components/relative-time";
import { useLivePollInterval } from "@/components/use-live-poll-interval";
import { useTRPC } from "@/trpc/client";

export function HostTable() {
  const trpc = useTRPC();
  const interval = useLivePollInterval();
  const { data: hosts, error } = useSuspenseQuery({ ...trpc.host.list.queryOptions(), refetchInterval: interval });

  if (hosts.length === 0) {
    return (
      <EmptyState title="No hosts yet">
        A host appears here once a pitcrew agent running on it enrols with this console, using an enrolment token an
        admin creates below.
      </EmptyState>
    );
  }
  return (
    <>
      <RefreshErrorNote error={error} />
      <DataTable caption="Hosts known to this console">
        <TableHead>
          <ColumnHeader>Name</ColumnHeader>
          <ColumnHeader>Status</ColumnHeader>
          <ColumnHeader>Agent version</ColumnHeader>
          <ColumnHeader>Last heartbeat</ColumnHeader>
          <ColumnHeader>Enrolled</ColumnHeader>
        </TableHead>
        <tbody>
          {hosts.map((host) => (
            <Row key={host.id}>
              <RowHeader>
                <Link href={`/hosts/${encodeURIComponent(host.name)}`} className="underline underline-offset-2">
                  {host.name}
                </Link>
              </RowHeader>
              <Cell>
                <HostStatusBadge lastHeartbeat={host.lastHeartbeat} />
              </Cell>
              <Cell className="font-mono">{host.agentVersion ?? "unknown"}</Cell>
              <Cell>
                <RelativeTime iso={host.lastHeartbeat} />
              </Cell>
              <Cell>
                <RelativeTime iso={host.createdAt} />
              </Cell>
            </Row>
          ))}
        </tbody>
      </DataTable>
    </>
  );
}
