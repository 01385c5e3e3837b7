"use client";
// An I/O group (iiadm -g): its member sets with state, bitmap and copy progress, and the actions
// that take one point in time across all of them (update, copy, abort, wait, export, disable,
// throttle) — the group is the unit the backup runbook works on.
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ActionSection } from "@/app/(console)/sets/_components/action-section";
import { groupTarget } from "@/app/(console)/sets/_components/action-target";
import { BitmapMeter } from "@/app/(console)/sets/_components/bitmap-meter";
import { CopyActions } from "@/app/(console)/sets/_components/copy-actions";
import { FollowedJobsProvider } from "@/app/(console)/sets/_components/followed-jobs";
import { ExportDisableActions, ThrottleForm } from "@/app/(console)/sets/_components/manage-actions";
import { SetCopyProgress } from "@/app/(console)/sets/_components/set-copy-progress";
import { HostLink } from "@/components/host-link";
import { DetailHeader } from "@/components/detail-header";
import { Panel } from "@/components/panel";
import { RefreshErrorNote } from "@/components/refresh-error-note";
import { RelativeTime } from "@/components/relative-time";
import { ConsistencyBadge } from "@/components/consistency-badge";
import { SetStateBadge } from "@/components/set-state-badge";
import { setModeLabel } from "@/lib/set-badges";
import { BUSY_POLL_MS, IDLE_POLL_MS } from "@/lib/poll-interval";
import { setHref } from "@/lib/set-route";
import { pointInTimeIso, setStateOf } from "@/lib/set-state";
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
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Sets in I/O group {group}</caption>
            <thead className="text-muted">
              <tr>
                <th scope="col" className="py-1 pr-3 font-medium">
                  Set (shadow)
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  Mode
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  Consistency
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  State
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  Bitmap set
                </th>
                <th scope="col" className="w-1/3 py-1 pr-3 font-medium">
                  Copy
                </th>
                <th scope="col" className="py-1 font-medium">
                  Point in time
                </th>
              </tr>
            </thead>
            <tbody>
              {info.sets.map((set) => (
                <tr key={set.shadow} className="border-t border-border align-top">
                  <th scope="row" className="py-2 pr-3 font-normal">
                    <Link
                      href={setHref(host, set.shadow)}
                      className="break-all font-mono text-xs font-medium underline underline-offset-2"
                    >
                      {set.shadow}
                    </Link>
                  </th>
                  <td className="py-2 pr-3">{setModeLabel(set.mode)}</td>
                  <td className="py-2 pr-3">
                    <ConsistencyBadge set={set} />
                  </td>
                  <td className="py-2 pr-3">
                    <SetStateBadge state={setStateOf(set)} />
                  </td>
                  <td className="py-2 pr-3">
                    <BitmapMeter set={set} />
                  </td>
                  <td className="py-2 pr-3">
                    <SetCopyProgress set={set} idle="idle" />
                  </td>
                  <td className="py-2">
                    <RelativeTime iso={pointInTimeIso(set.mtime)} fallback="unknown" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
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
