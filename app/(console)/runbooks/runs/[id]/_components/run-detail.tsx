"use client";
// One run of a runbook (docs/architecture.md §5): its state and actions, the error that stopped it, the
// rejoin gate, the timeline of steps with their jobs and logs, custody of the snapshot disk
// group, the archives it made and the sets it drove. Polled every second while the run is active.
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { RejoinGate } from "@/app/(console)/runbooks/runs/[id]/_components/rejoin-gate";
import { RunActions } from "@/app/(console)/runbooks/runs/[id]/_components/run-actions";
import { RunCustody } from "@/app/(console)/runbooks/runs/[id]/_components/run-custody";
import { RunError } from "@/app/(console)/runbooks/runs/[id]/_components/run-error";
import { RunOutputs } from "@/app/(console)/runbooks/runs/[id]/_components/run-outputs";
import { RunTimeline } from "@/app/(console)/runbooks/runs/[id]/_components/run-timeline";
import { DetailField } from "@/components/detail-field";
import { DetailHeader } from "@/components/detail-header";
import { Panel } from "@/components/panel";
import { RefreshErrorNote } from "@/components/refresh-error-note";
import { formatUtc, RelativeTime } from "@/components/relative-time";
import { RunStateBadge } from "@/components/run-state-badge";
import { useNow } from "@/components/use-now";
import { formatRunMs } from "@/lib/format-run-time";
import { BUSY_POLL_MS } from "@/lib/poll-interval";
import { isActiveRunState } from "@/lib/run-states";
import { runbookHref } from "@/lib/runbook-route";
import { useTRPC } from "@/trpc/client";

export function RunDetail({ id, canAct }: { id: string; canAct: boolean }) {
  const trpc = useTRPC();
  const now = useNow();
  const { data: run, error } = useSuspenseQuery({
    ...trpc.runbook.runGet.queryOptions({ id }),
    // A finished run never changes again (a resume is started from this page, which refetches).
    refetchInterval: (query) => (query.state.data && !isActiveRunState(query.state.data.state) ? false : BUSY_POLL_MS),
  });
  const active = isActiveRunState(run.state);
  const frozenMs = run.frozenMs + (run.frozenSince ? Math.max(0, now - Date.parse(run.frozenSince)) : 0);
  const tookMs = (run.finishedAt ? Date.parse(run.finishedAt) : now) - Date.parse(run.createdAt);

  return (
    <>
      <DetailHeader
        title={
          run.runbookId === null ? (
            <>
              Run of <span className="font-mono">{run.runbookName}</span>{" "}
              <span className="text-base font-normal text-muted">(runbook deleted)</span>
            </>
          ) : (
            <>
              Run of{" "}
              <Link href={runbookHref(run.runbookName)} className="font-mono underline underline-offset-2">
                {run.runbookName}
              </Link>
            </>
          )
        }
      >
        <span data-testid="run-state">
          <RunStateBadge state={run.state} />
        </span>
        {run.cancelRequestedAt && active && <span className="text-sm text-warning">cancel requested</span>}
        {run.rejoinRequestedAt && (
          <span data-testid="run-rejoin" className={`text-sm ${run.rejoinedAt ? "text-muted" : "text-warning"}`}>
            {run.rejoinedAt ? "shadows brought home" : active ? "bringing shadows home" : "shadows not home yet"}
            {run.rejoinForced && ` without ${run.spec.backupHost}`}
          </span>
        )}
        {canAct && (
          <span className="ml-auto">
            <RunActions run={run} />
          </span>
        )}
      </DetailHeader>
      <RefreshErrorNote error={error} />
      <div className="grid gap-6 lg:grid-cols-2">
        {run.error && <RunError run={run} className="lg:col-span-2" />}
        {run.warnings.length > 0 && (
          <ul aria-label="Run warnings" className="space-y-1 text-sm lg:col-span-2">
            {run.warnings.map((w) => (
              <li key={w} className="rounded-md bg-warning-soft px-3 py-2 text-warning">
                {w}
              </li>
            ))}
          </ul>
        )}
        <Panel title="Summary">
          <dl className="grid grid-cols-2 gap-4">
            <DetailField label="Started">
              <span title={formatUtc(run.createdAt)}>
                <RelativeTime iso={run.createdAt} />
              </span>{" "}
              by {run.trigger === "schedule" ? "the schedule" : run.requestedBy}
            </DetailField>
            <DetailField label={run.finishedAt ? "Took" : "Running for"}>
              <span className="tabular" suppressHydrationWarning>
                {formatRunMs(tookMs)}
              </span>
            </DetailField>
            <DetailField label="Application frozen">
              <span data-testid="run-frozen" className="tabular" suppressHydrationWarning>
                {formatRunMs(frozenMs)}
              </span>
              {run.frozenSince && <span className="ml-2 text-warning">frozen now</span>}
              <span className="block text-xs text-muted">quiesce start … resume end</span>
            </DetailField>
            <DetailField label="Copy">
              {run.copyMs !== null ? (
                <span data-testid="run-copy" className="tabular">
                  {formatRunMs(run.copyMs)}
                </span>
              ) : (
                <span className="text-muted">{active ? "not done yet" : "not done"}</span>
              )}
              <span className="block text-xs text-muted">the update&apos;s copy to the shadows</span>
            </DetailField>
            <DetailField label="Point in time">
              {run.pointInTime ? formatUtc(run.pointInTime) : <span className="text-muted">not taken yet</span>}
            </DetailField>
            <DetailField label="Group">
              <span className="font-mono">{run.spec.group}</span> · {run.spec.productionHost} → {run.spec.backupHost}
            </DetailField>
            <DetailField label="Run ID">
              <span className="font-mono text-xs">{run.id}</span>
            </DetailField>
          </dl>
        </Panel>
        <RejoinGate run={run} canAct={canAct} />
        <Panel title="Timeline" className="lg:col-span-2">
          <RunTimeline run={run} />
        </Panel>
        <Panel title="Custody of the snapshot disk group" className="lg:col-span-2">
          <RunCustody run={run} />
        </Panel>
        <RunOutputs run={run} />
      </div>
    </>
  );
}
