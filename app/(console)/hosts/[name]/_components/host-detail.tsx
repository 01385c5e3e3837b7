"use client";
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { RevokeCredentialsButton } from "@/app/(console)/hosts/[name]/_components/revoke-credentials-button";
import { Cell, ColumnHeader, DataTable, Row, RowHeader, TableHead } from "@/components/data-table";
import { VolumeSetTable } from "@/components/volume-set-table";
import { consistencyOf } from "@/lib/set-consistency-summary";
import { DetailHeader } from "@/components/detail-header";
import { DetailField } from "@/components/detail-field";
import { EmptyState } from "@/components/empty-state";
import { HostStatusBadge } from "@/components/host-status-badge";
import { Panel } from "@/components/panel";
import { RefreshErrorNote } from "@/components/refresh-error-note";
import { RelativeTime } from "@/components/relative-time";
import { StatusBadge } from "@/components/status-badge";
import { useLivePollInterval } from "@/components/use-live-poll-interval";
import { formatByteSize } from "@/lib/byte-size";
import { percentOfBitmapSet } from "@/lib/set-status";
import { setStateOf } from "@/lib/set-state";
import { useTRPC } from "@/trpc/client";

export function HostDetail({ name, isAdmin }: { name: string; isAdmin: boolean }) {
  const trpc = useTRPC();
  const interval = useLivePollInterval();
  const { data: host, error } = useSuspenseQuery({
    ...trpc.host.get.queryOptions({ name }),
    refetchInterval: interval,
  });
  // host.get has no agent version; the list row has it.
  const { data: hosts } = useSuspenseQuery({ ...trpc.host.list.queryOptions(), refetchInterval: interval });
  const listed = hosts.find((h) => h.name === name);
  const inventory = host.inventory;

  return (
    <>
      <DetailHeader title={`Host ${host.name}`}>
        <HostStatusBadge lastHeartbeat={host.lastHeartbeat} revoked={host.revoked} />
        {isAdmin && !host.revoked && (
          <span className="ml-auto">
            <RevokeCredentialsButton name={host.name} />
          </span>
        )}
      </DetailHeader>
      <RefreshErrorNote error={error} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Panel title="Agent">
          <dl className="grid grid-cols-2 gap-4">
            <DetailField label="Agent version">
              <span className="font-mono">{listed?.agentVersion ?? "unknown"}</span>
            </DetailField>
            <DetailField label="Last heartbeat">
              <RelativeTime iso={host.lastHeartbeat} />
            </DetailField>
            <DetailField label="Inventory collected">
              <RelativeTime iso={host.inventoryAt} fallback="not yet reported" />
            </DetailField>
            <DetailField label="Credential">{host.revoked ? "revoked" : "active"}</DetailField>
          </dl>
        </Panel>
        <Panel title="Roots and hooks">
          {inventory ? (
            <dl className="space-y-4">
              <DetailField label="Disk-group roots">
                <ul className="font-mono">
                  {inventory.roots.map((root) => (
                    <li key={root}>{root}</li>
                  ))}
                </ul>
              </DetailField>
              <DetailField label="Hooks">
                {inventory.hooks.length ? (
                  <ul className="flex flex-wrap gap-2">
                    {inventory.hooks.map((hook) => (
                      <li key={hook}>
                        <StatusBadge tone="neutral">{hook}</StatusBadge>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <span className="text-muted">none configured</span>
                )}
              </DetailField>
              <DetailField label="Under sv (svadm)">
                {inventory.svVolumes.length ? (
                  <ul className="font-mono">
                    {inventory.svVolumes.map((v) => (
                      <li key={v}>{v}</li>
                    ))}
                  </ul>
                ) : (
                  <span className="text-muted">none</span>
                )}
              </DetailField>
            </dl>
          ) : (
            <EmptyState title="No inventory yet">The agent has not reported what it sees.</EmptyState>
          )}
        </Panel>
        <Panel title="Disk groups seen" className="lg:col-span-2">
          {!inventory || inventory.diskGroups.length === 0 ? (
            <EmptyState title="No disk groups">This host sees no disk group under its roots.</EmptyState>
          ) : (
            <DataTable caption={`Disk groups seen by ${host.name}`}>
              <TableHead>
                <ColumnHeader>Disk group</ColumnHeader>
                <ColumnHeader>Held by</ColumnHeader>
                <ColumnHeader>Volumes started</ColumnHeader>
                <ColumnHeader align="right">Volumes</ColumnHeader>
                <ColumnHeader>Directory</ColumnHeader>
              </TableHead>
              <tbody>
                {inventory.diskGroups.map((dg) => (
                  <Row key={dg.name}>
                    <RowHeader>
                      {dg.name}
                      {dg.damaged && (
                        <StatusBadge tone="danger" className="ml-2" title={dg.damaged}>
                          damaged
                        </StatusBadge>
                      )}
                    </RowHeader>
                    <Cell>{dg.owner === host.name ? `${dg.owner} (this host)` : (dg.owner ?? "deported")}</Cell>
                    <Cell>{dg.volumesStarted ? "yes" : "no"}</Cell>
                    <Cell align="right" className="tabular">
                      {dg.volumes.length}{" "}
                      <span className="text-muted">
                        ({formatByteSize(dg.volumes.reduce((s, v) => s + v.sizeBytes, 0))})
                      </span>
                    </Cell>
                    <Cell className="font-mono text-xs text-muted">{dg.dir}</Cell>
                  </Row>
                ))}
              </tbody>
            </DataTable>
          )}
        </Panel>
        <Panel title="Volume sets seen" className="lg:col-span-2">
          {!inventory || inventory.sets.length === 0 ? (
            <EmptyState title="No volume sets">No Instant Image set is enabled on this host.</EmptyState>
          ) : (
            <VolumeSetTable
              caption={`Volume sets on ${host.name}`}
              sets={inventory.sets.map((set) => ({
                ...set,
                host: host.name,
                state: setStateOf(set),
                bitmapSetPercent: percentOfBitmapSet(set),
                consistencyMode: consistencyOf(set).mode,
              }))}
            />
          )}
        </Panel>
      </div>
      <p className="mt-6 text-sm">
        <Link href={`/jobs?host=${encodeURIComponent(host.name)}`} className="underline underline-offset-2">
          Jobs on {host.name}
        </Link>
      </p>
    </>
  );
}
