"use client";
// One set as `iiadm -i` describes it (docs/instant-image.md §4.1), for people: the three volumes with
// their sizes, the state flags as badges, percent of bitmap set, the running copy's progress,
// the last point in time, throttle, group, cluster tag and consistency mode; then the actions.
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useState } from "react";
import { ActionSection } from "@/app/(console)/sets/_components/action-section";
import { setTarget } from "@/app/(console)/sets/_components/action-target";
import { BitmapMeter } from "@/app/(console)/sets/_components/bitmap-meter";
import { CopyActions } from "@/app/(console)/sets/_components/copy-actions";
import { FollowedJobsProvider, type StartedJob } from "@/app/(console)/sets/_components/followed-jobs";
import { JoinForm } from "@/app/(console)/sets/_components/join-form";
import { ExportDisableActions, MoveToGroupForm, ThrottleForm } from "@/app/(console)/sets/_components/manage-actions";
import { SetCopyProgress } from "@/app/(console)/sets/_components/set-copy-progress";
import { SetConsistency } from "./set-consistency";
import { SvToggle } from "@/app/(console)/sets/_components/sv-toggle";
import { CodeBlock } from "@/components/code-block";
import { Cell, ColumnHeader, DataTable, Row, RowHeader, TableHead } from "@/components/data-table";
import { HostLink } from "@/components/host-link";
import { DetailHeader } from "@/components/detail-header";
import { DetailField } from "@/components/detail-field";
import { FileSystemLabel } from "@/components/file-system-label";
import { EmptyState } from "@/components/empty-state";
import { IoGroupLink } from "@/components/io-group-link";
import { Panel } from "@/components/panel";
import { RefreshErrorNote } from "@/components/refresh-error-note";
import { formatUtc, RelativeTime } from "@/components/relative-time";
import { StatusBadge } from "@/components/status-badge";
import type { EndedJobOutcome } from "@/components/use-followed-job";
import { formatByteSize } from "@/lib/byte-size";
import { DSW_SHDEXPORT } from "@/lib/dsw-flags";
import { BUSY_POLL_MS, IDLE_POLL_MS } from "@/lib/poll-interval";
import { enableCandidates } from "@/lib/set-enable-form";
import { setBadges, setModeLabel } from "@/lib/set-badges";
import { pointInTimeIso } from "@/lib/set-state";
import { percentOfBitmapSet } from "@/lib/set-status";
import { formatStatus } from "@/lib/format-iiadm-output";
import { useTRPC } from "@/trpc/client";

export function SetDetail({ host, shadow, canAct }: { host: string; shadow: string; canAct: boolean }) {
  const [disabled, setDisabled] = useState(false);
  const onJobEnd = useCallback((job: StartedJob, outcome: EndedJobOutcome) => {
    if (job.kind === "set.disable" && outcome.status === "succeeded") setDisabled(true);
  }, []);
  return (
    <FollowedJobsProvider onJobEnd={onJobEnd}>
      {disabled ? (
        <EmptyState title={`Set ${shadow} is disabled`}>
          <Link href={`/sets?host=${encodeURIComponent(host)}`} className="underline">
            Back to the sets on {host}
          </Link>
        </EmptyState>
      ) : (
        <SetDetailBody host={host} shadow={shadow} canAct={canAct} />
      )}
    </FollowedJobsProvider>
  );
}

function SetDetailBody({ host, shadow, canAct }: { host: string; shadow: string; canAct: boolean }) {
  const trpc = useTRPC();
  const { data: info, error } = useSuspenseQuery({
    ...trpc.set.info.queryOptions({ host, target: { kind: "sets", sets: [shadow] } }),
    // Every second while a job holds the set or a copy runs, so the bar moves with the copy.
    refetchInterval: (query) => (query.state.data?.sets.some((s) => s.job || s.progress) ? BUSY_POLL_MS : IDLE_POLL_MS),
  });
  const { data: hostDetail } = useSuspenseQuery({
    ...trpc.host.get.queryOptions({ name: host }),
    refetchInterval: IDLE_POLL_MS,
  });
  const set = info.sets[0];
  if (!set) return <EmptyState title={`No set ${shadow} on ${host}`} />;

  const inventory = hostDetail.inventory;
  const volumes = new Map(
    inventory?.diskGroups.flatMap((dg) => dg.volumes.map((v) => [v.path, { ...v, diskGroup: dg.name }] as const)) ?? [],
  );
  const sv = new Set(inventory?.svVolumes ?? []);
  const groups = [...new Set(inventory?.sets.flatMap((s) => (s.group ? [s.group] : [])) ?? [])].sort();
  const target = setTarget(host, set);
  const percent = percentOfBitmapSet(set);
  const mtimeIso = pointInTimeIso(set.mtime);

  return (
    <>
      <DetailHeader title={set.shadow} titleClassName="break-all font-mono" className="mb-2">
        <span className="text-muted">
          on <HostLink host={host} />
        </span>
      </DetailHeader>
      <ul aria-label="Set state" className="mb-6 flex flex-wrap gap-2">
        {setBadges(set).map((b) => (
          <li key={b.label}>
            <StatusBadge tone={b.tone} title={b.description}>
              {b.label}
            </StatusBadge>
          </li>
        ))}
      </ul>
      <RefreshErrorNote error={error} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Panel title="Copy">
          <div className="space-y-4">
            <SetCopyProgress set={set} idle="No copy running." />
            <div>
              <p className="mb-1 text-sm">Percent of bitmap set</p>
              <BitmapMeter set={set} />
              <p className="mt-1 text-xs text-muted">
                {percent < 100 && (set.bitsSet > 0 ? "bitmap dirty" : "bitmap clean")} · {set.bitsSet} of {set.chunks}{" "}
                chunks differ or wait to be copied ({set.shadowBits} changed since the point in time, {set.copyBits}{" "}
                left to copy)
              </p>
            </div>
          </div>
        </Panel>
        <Panel title="Details">
          <dl className="grid grid-cols-2 gap-4">
            <DetailField label="Mode">{setModeLabel(set.mode)}</DetailField>
            <DetailField label="Last point in time">
              {mtimeIso ? (
                <span title={formatUtc(mtimeIso)}>
                  {formatUtc(mtimeIso)} (<RelativeTime iso={mtimeIso} />)
                </span>
              ) : (
                <span className="text-muted">unknown</span>
              )}
            </DetailField>
            <DetailField label="Volume size">
              {formatByteSize(set.sizeFbas * 512)} <span className="text-muted">({set.sizeFbas} blocks)</span>
            </DetailField>
            <DetailField label="Shadow chunks">
              {set.shadowChunksTotal} total, {set.shadowChunksUsed} used
            </DetailField>
            <DetailField label="I/O group">
              <IoGroupLink host={host} group={set.group} />
            </DetailField>
            <DetailField label="Cluster tag">{set.clusterTag ?? <span className="text-muted">none</span>}</DetailField>
            <DetailField label="Copy throttle">
              {set.throttle.delay} ticks after every {set.throttle.unit} I/Os
            </DetailField>
            {set.overflow && (
              <DetailField label="Overflow volume">
                <span className="font-mono text-xs">{set.overflow}</span>
              </DetailField>
            )}
            {set.suspended && (
              <DetailField label="Suspended">
                <span className="text-danger">{set.suspended}</span>
              </DetailField>
            )}
            <DetailField label="Reported">
              <RelativeTime iso={info.inventoryAt} fallback="not yet" />
            </DetailField>
          </dl>
        </Panel>
        <Panel title="Consistency" className="lg:col-span-2">
          <SetConsistency host={host} set={set} />
        </Panel>
        <Panel title="Volumes" className="lg:col-span-2">
          <DataTable caption={`Master, shadow and bitmap of ${set.shadow}`}>
            <TableHead>
              <ColumnHeader>Role</ColumnHeader>
              <ColumnHeader>Volume</ColumnHeader>
              <ColumnHeader align="right">Size</ColumnHeader>
              <ColumnHeader>Under sv (svadm)</ColumnHeader>
              <ColumnHeader>File system</ColumnHeader>
              {canAct && (
                <ColumnHeader>
                  <span className="sr-only">Actions</span>
                </ColumnHeader>
              )}
            </TableHead>
            <tbody>
              {(["master", "shadow", "bitmap"] as const).map((role) => {
                const path = set[role];
                const volume = volumes.get(path);
                return (
                  <Row key={role}>
                    <RowHeader>{role}</RowHeader>
                    <Cell>
                      <span className="break-all font-mono text-xs">{path}</span>
                      {volume && (
                        <span className="ml-2 text-xs text-muted">
                          {volume.diskGroup}/{volume.name}
                        </span>
                      )}
                    </Cell>
                    <Cell align="right" className="tabular">
                      {volume ? formatByteSize(volume.sizeBytes) : "—"}
                    </Cell>
                    <Cell>
                      {role === "bitmap" ? <span className="text-muted">never</span> : sv.has(path) ? "yes" : "no"}
                    </Cell>
                    <Cell>
                      <FileSystemLabel sharing={volume?.sharing} />
                    </Cell>
                    {canAct && (
                      <Cell align="right">
                        {role !== "bitmap" && path.startsWith("/") && (
                          <SvToggle host={host} volume={path} isUnderSv={sv.has(path)} />
                        )}
                      </Cell>
                    )}
                  </Row>
                );
              })}
            </tbody>
          </DataTable>
        </Panel>
        {canAct && (
          <Panel title="Actions" className="lg:col-span-2">
            <div className="space-y-6">
              <ActionSection label="Copy actions" heading="Copy">
                <CopyActions t={target} />
              </ActionSection>
              <ActionSection label="Export and disable" heading="Export and disable">
                <ExportDisableActions t={target} />
                {(set.flags & DSW_SHDEXPORT) !== 0 && (
                  <JoinForm
                    host={host}
                    shadow={set.shadow}
                    volumes={inventory ? enableCandidates(inventory, host).map((c) => c.ref) : []}
                  />
                )}
              </ActionSection>
              <ActionSection label="Group" heading="I/O group">
                <MoveToGroupForm t={{ ...target, target: { kind: "sets", sets: [set.shadow] } }} groups={groups} />
              </ActionSection>
              <ActionSection label="Throttle" heading="Copy throttle">
                <ThrottleForm t={target} />
              </ActionSection>
            </div>
          </Panel>
        )}
        <Panel title="As iiadm -i prints it" className="lg:col-span-2">
          <CodeBlock label={`iiadm -i output for ${set.shadow}`}>{formatStatus([set], { timeZone: "UTC" })}</CodeBlock>
        </Panel>
      </div>
    </>
  );
}
