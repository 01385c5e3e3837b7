"use client";
// An I/O group (iiadm -g): its member sets with state, bitmap and copy progress, and the actions
// that take one point in time across all of them (update, copy, abort, wait, export, disable,
// throttle) — the group is the unit the backup runbook works on.
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ActionSection } from "@/app/(console)/sets/_components/action-section";
import { groupTarget } from "@/app/(console)/sets/_components/action-target";
import { CopyActions } from "@/app/(console)/sets/_components/copy-actions";
import { FollowedJobsProvider } from "@/app/(console)/sets/_components/followed-jobs";
import { ExportDisableActions, ThrottleForm } from "@/app/(console)/sets/_components/manage-actions";
import { SetStatusCells } from "@/app/(console)/sets/_components/set-status-cells";
import { Cell, ColumnHeader, DataTable, Row, RowHeader, TableHead } from "@/components/data-table";
import { HostLink } from "@/components/host-link";
import { DetailHeader } from "@/components/detail-header";
import { Panel } from "@/components/panel";
import { RefreshErrorNote } from "@/components/refresh-error-note";
import { ConsistencyBadge } from "@/components/consistency-badge";
import { setModeLabel } from "@/lib/set-badges";
import { BUSY_POLL_MS, IDLE_POLL_MS } from "@/lib/poll-interval";
import { setHref } from "@/lib/set-route";
import { useTRPC } from "@/trpc/client";

export function GroupDetail({ host, group, canAct }: { host: string; group: string; canAct: boolean }) {
  const trpc = useTRPC();
  const { data: info, error } = useSuspenseQuery({
    ...trpc.set.info.queryOptions({ host, target: { kind: "group", group } }),
    refetchInterval: (query) => (query.state.data?.sets.some((s) => s.job || s.progress) ? BUSY_POLL_MS : IDLE_POLL_MS),
  });
  const t = groupTarget(host, group, info.sets);
  return (
    <FollowedJobsProvider>
      <DetailHeader title={`I/O group ${group}`}>
        <span className="text-muted">
          on <HostLink host={host} />
        </span>
        <Link
          href={`/sets?host=${encodeURIComponent(host)}&group=${encodeURIComponent(group)}`}
          className="ml-auto text-sm underline underline-offset-2"
        >
          In the sets list
        </Link>
      </DetailHeader>
      <RefreshErrorNote error={error} />
      <div className="space-y-6">
        <Panel title="Members">
          <DataTable caption={`Sets in I/O group ${group}`}>
            <TableHead>
              <ColumnHeader>Set (shadow)</ColumnHeader>
              <ColumnHeader>Mode</ColumnHeader>
              <ColumnHeader>Consistency</ColumnHeader>
              <ColumnHeader>State</ColumnHeader>
              <ColumnHeader>Bitmap set</ColumnHeader>
              <ColumnHeader className="w-1/3">Copy</ColumnHeader>
              <ColumnHeader>Point in time</ColumnHeader>
            </TableHead>
            <tbody>
              {info.sets.map((set) => (
                <Row key={set.shadow} className="align-top">
                  <RowHeader weight="normal">
                    <Link
                      href={setHref(host, set.shadow)}
                      className="break-all font-mono text-xs font-medium underline underline-offset-2"
                    >
                      {set.shadow}
                    </Link>
                  </RowHeader>
                  <Cell>{setModeLabel(set.mode)}</Cell>
                  <Cell>
                    <ConsistencyBadge set={set} />
                  </Cell>
                  <SetStatusCells set={set} />
                </Row>
              ))}
            </tbody>
          </DataTable>
        </Panel>
        {canAct && (
          <Panel title="Group actions">
            <div className="space-y-6">
              <ActionSection label="Copy actions" heading="Copy (one point in time for every member)">
                <CopyActions t={t} />
              </ActionSection>
              <ActionSection label="Export and disable" heading="Export and disable">
                <ExportDisableActions t={t} />
              </ActionSection>
              <ActionSection label="Throttle" heading="Copy throttle">
                <ThrottleForm t={t} />
              </ActionSection>
            </div>
          </Panel>
        )}
      </div>
    </FollowedJobsProvider>
  );
}
