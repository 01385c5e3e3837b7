"use client";
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { DiskGroupActions } from "@/app/(console)/disk-groups/[name]/_components/disk-group-actions";
import { DiskGroupVolumes } from "@/app/(console)/disk-groups/[name]/_components/disk-group-volumes";
import { Cell, ColumnHeader, DataTable, Row, RowHeader, TableHead } from "@/components/data-table";
import { VolumeSetTable } from "@/components/volume-set-table";
import { HostLink } from "@/components/host-link";
import { DetailHeader } from "@/components/detail-header";
import { DetailField } from "@/components/detail-field";
import { DiskGroupOwnershipNote } from "@/components/disk-group-ownership-note";
import { EmptyState } from "@/components/empty-state";
import { HostStatusBadge } from "@/components/host-status-badge";
import { Panel } from "@/components/panel";
import { RefreshErrorNote } from "@/components/refresh-error-note";
import { RelativeTime } from "@/components/relative-time";
import { StatusBadge } from "@/components/status-badge";
import { useLivePollInterval } from "@/components/use-live-poll-interval";
import { useTRPC } from "@/trpc/client";

export function DiskGroupDetail({ name, canAct }: { name: string; canAct: boolean }) {
  const trpc = useTRPC();
  const interval = useLivePollInterval();
  const { data: dg, error } = useSuspenseQuery({
    ...trpc.diskGroup.get.queryOptions({ name }),
    refetchInterval: interval,
  });

  return (
    <>
      <DetailHeader title={`Disk group ${dg.name}`} className="mb-4">
        <span data-testid="dg-holder">
          {dg.owner ? (
            <StatusBadge tone="info">held by {dg.owner}</StatusBadge>
          ) : (
            <StatusBadge tone="neutral">deported</StatusBadge>
          )}
        </span>
        <DiskGroupOwnershipNote ownership={dg} />
        {dg.owner && (
          <span data-testid="dg-volumes-state">
            <StatusBadge tone={dg.volumesStarted ? "success" : "neutral"}>
              {dg.volumesStarted ? "volumes started" : "volumes stopped"}
            </StatusBadge>
          </span>
        )}
        {dg.damaged && (
          <StatusBadge tone="danger" title={dg.damaged}>
            damaged
          </StatusBadge>
        )}
      </DetailHeader>
      {canAct && <DiskGroupActions dg={dg} />}
      <RefreshErrorNote error={error} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Panel title="Disk group">
          <dl className="grid grid-cols-2 gap-4">
            <DetailField label="Held by">
              {dg.owner ? <HostLink host={dg.owner} /> : <span className="text-muted">nobody (deported)</span>}
            </DetailField>
            <DetailField label="Holder recorded from">
              {dg.record?.source === "job" ? (
                <>
                  a console job
                  {dg.record.jobId && (
                    <>
                      {" "}
                      (
                      <Link href={`/jobs/${dg.record.jobId}`} className="underline underline-offset-2">
                        job
                      </Link>
                      )
                    </>
                  )}
                </>
              ) : dg.record ? (
                `${dg.record.reportedBy ?? "a host"}'s report, not recorded by the console`
              ) : (
                "hosts' reports, not recorded by the console"
              )}
            </DetailField>
            <DetailField label="Volumes">
              {dg.owner ? (dg.volumesStarted ? "started" : "stopped") : "closed"}
            </DetailField>
            <DetailField label="Directory">
              <span className="break-all font-mono text-xs">{dg.dir}</span>
            </DetailField>
            <DetailField label="Import generation">
              <span className="tabular">{dg.importGeneration}</span>
            </DetailField>
            <DetailField label="As reported by">{<HostLink host={dg.reportedBy} />}</DetailField>
            <DetailField label="Reported">
              <RelativeTime iso={dg.reportedAt} />
            </DetailField>
            {dg.damaged && (
              <DetailField label="Damaged">
                <span className="text-danger">{dg.damaged}</span>
              </DetailField>
            )}
          </dl>
        </Panel>
        <Panel title="Hosts that see it">
          <DataTable caption={`Hosts whose agents see disk group ${dg.name}`}>
            <TableHead>
              <ColumnHeader>Host</ColumnHeader>
              <ColumnHeader>Agent</ColumnHeader>
              <ColumnHeader>Says it is held by</ColumnHeader>
              <ColumnHeader>Reported</ColumnHeader>
            </TableHead>
            <tbody>
              {dg.views.map((view) => (
                <Row key={view.host} data-testid={`dg-view-${view.host}`}>
                  <RowHeader>
                    <HostLink host={view.host} />
                    {view.host === dg.owner && <span className="ml-2 text-muted">(holder)</span>}
                  </RowHeader>
                  <Cell>
                    <HostStatusBadge lastHeartbeat={view.lastHeartbeat} />
                  </Cell>
                  <Cell>
                    {view.owner ?? <span className="text-muted">nobody</span>}
                    {dg.conflicts.some((c) => c.host === view.host) && (
                      <StatusBadge tone="warning" className="ml-2">
                        contradicts the console&apos;s record
                      </StatusBadge>
                    )}
                  </Cell>
                  <Cell>
                    <RelativeTime iso={view.reportedAt} />
                  </Cell>
                </Row>
              ))}
            </tbody>
          </DataTable>
        </Panel>
        <Panel title="Volumes" className="lg:col-span-2">
          <DiskGroupVolumes dg={dg} />
        </Panel>
        <Panel title="Volume sets on its volumes" className="lg:col-span-2">
          {dg.sets.length === 0 ? (
            <EmptyState title="No volume sets">No host has an Instant Image set on a volume of {dg.name}.</EmptyState>
          ) : (
            <VolumeSetTable caption={`Volume sets using volumes of ${dg.name}`} sets={dg.sets} showHost />
          )}
        </Panel>
      </div>
      <p className="mt-6 text-sm">
        <Link href="/disk-groups" className="underline underline-offset-2">
          All disk groups
        </Link>
      </p>
    </>
  );
}
