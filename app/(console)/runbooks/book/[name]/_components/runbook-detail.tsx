"use client";
// One runbook: what it does (the spec), the sets it drives and how each takes its point in time,
// Run now, Edit and Delete, its run history with duration, freeze and copy time, and their trends,
// and the YAML it can be applied from.
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { DeleteRunbookButton } from "@/app/(console)/runbooks/book/[name]/_components/delete-runbook-button";
import { RunHistory } from "@/app/(console)/runbooks/book/[name]/_components/run-history";
import { RunNowButton } from "@/app/(console)/runbooks/book/[name]/_components/run-now-button";
import { RunbookSetModes } from "@/app/(console)/runbooks/book/[name]/_components/runbook-set-modes";
import { RunTrendChart } from "@/app/(console)/runbooks/book/[name]/_components/run-trend-chart";
import { RunbookBadges } from "@/app/(console)/runbooks/_components/runbook-badges";
import { SpecYaml } from "@/app/(console)/runbooks/_components/spec-yaml";
import { buttonClasses } from "@/components/button";
import { DetailField } from "@/components/detail-field";
import { DetailHeader } from "@/components/detail-header";
import { HostLink } from "@/components/host-link";
import { Panel } from "@/components/panel";
import { RefreshErrorNote } from "@/components/refresh-error-note";
import { formatUtc, RelativeTime } from "@/components/relative-time";
import { BUSY_POLL_MS, IDLE_POLL_MS } from "@/lib/poll-interval";
import { isActiveRunState } from "@/lib/run-states";
import { runbookEditHref, runHref } from "@/lib/runbook-route";
import { useTRPC } from "@/trpc/client";

export function RunbookDetail({ name, canAct, historyLimit }: { name: string; canAct: boolean; historyLimit: number }) {
  const trpc = useTRPC();
  const { data: runs, error: runsError } = useSuspenseQuery({
    ...trpc.runbook.runs.queryOptions({ runbook: name, limit: historyLimit }),
    refetchInterval: (query) =>
      query.state.data?.some((r) => isActiveRunState(r.state)) ? BUSY_POLL_MS : IDLE_POLL_MS,
  });
  const active = runs.find((r) => isActiveRunState(r.state)) ?? null;
  const { data: runbook, error } = useSuspenseQuery({
    ...trpc.runbook.get.queryOptions({ name }),
    refetchInterval: active ? BUSY_POLL_MS : IDLE_POLL_MS,
  });
  const { spec } = runbook;
  const dgLink = (dg: string) => (
    <Link href={`/disk-groups/${encodeURIComponent(dg)}`} className="font-mono underline underline-offset-2">
      {dg}
    </Link>
  );

  return (
    <>
      <DetailHeader title={runbook.name} titleClassName="font-mono" className="mb-2">
        <RunbookBadges runbook={runbook} />
        {canAct && (
          <span className="ml-auto flex gap-2">
            <Link href={runbookEditHref(runbook.name)} className={buttonClasses("secondary")}>
              Edit
            </Link>
            <RunNowButton
              spec={spec}
              disabledReason={active ? `run ${active.id} is ${active.state}; one run at a time` : null}
            />
            <DeleteRunbookButton spec={spec} runCount={runs.length} />
          </span>
        )}
      </DetailHeader>
      {spec.description && <p className="mb-4 text-muted">{spec.description}</p>}
      {active && (
        <p role="status" className="mb-4 rounded-md bg-info-soft px-3 py-2 text-sm text-info">
          A run is going on:{" "}
          <Link href={runHref(active.id)} className="underline">
            follow run {active.id}
          </Link>{" "}
          ({active.state}).
        </p>
      )}
      <RefreshErrorNote error={error ?? runsError} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Panel title="What it does">
          <dl className="grid grid-cols-2 gap-4">
            <DetailField label="I/O group">
              <span className="font-mono">{spec.group}</span>
            </DetailField>
            <DetailField label="Snapshot disk group">{dgLink(spec.snapshotDiskGroup)}</DetailField>
            <DetailField label="Production host">
              <HostLink host={spec.productionHost} />
            </DetailField>
            <DetailField label="Backup host">
              <HostLink host={spec.backupHost} />
            </DetailField>
            <DetailField label="Quiesce / resume">
              {spec.quiesceHook ? (
                <>
                  <code className="font-mono">{spec.quiesceHook}</code> /{" "}
                  <code className="font-mono">{spec.resumeHook}</code>
                </>
              ) : (
                <span className="text-muted">none (crash-consistent)</span>
              )}
            </DetailField>
            <DetailField label="Freeze budget">{spec.freezeBudgetSeconds} s</DetailField>
            <DetailField label="Backup">
              {spec.backup.kind === "archive" ? (
                <>
                  archive to <code className="font-mono">{spec.backup.targetDir}</code>
                  {spec.keepArchives ? `, keep ${spec.keepArchives}` : ", keep all"}
                </>
              ) : spec.backup.kind === "tape" ? (
                <>
                  tar stream to tape <code className="font-mono">{spec.backup.device}</code> on {spec.backupHost}
                </>
              ) : (
                <>
                  hook <code className="font-mono">{spec.backup.hook}</code> on {spec.backupHost}
                </>
              )}
            </DetailField>
            <DetailField label="Schedule">
              {spec.schedule ? (
                <>
                  <code className="font-mono">{spec.schedule}</code>
                  {runbook.nextRunAt && (
                    <span className="block text-xs text-muted" title={formatUtc(runbook.nextRunAt)}>
                      next <RelativeTime iso={runbook.nextRunAt} />
                    </span>
                  )}
                </>
              ) : (
                <span className="text-muted">manual only</span>
              )}
            </DetailField>
            <DetailField label="Rejoin">
              {spec.approveRejoin ? "waits for approval" : "automatic"}
              {spec.resyncAfterJoin ? ", then resync" : ""}
            </DetailField>
            <DetailField label="Sets to enable">
              {spec.sets.length ? (
                spec.sets.map((s) => s.shadow).join(", ")
              ) : (
                <span className="text-muted">none (the group&apos;s sets)</span>
              )}
            </DetailField>
          </dl>
        </Panel>
        <Panel title="Sets and their consistency modes" className="lg:col-span-2">
          <RunbookSetModes name={runbook.name} />
        </Panel>
        <Panel title="Trends">
          <div className="space-y-4">
            <RunTrendChart runs={runs} metric="durationMs" title="Duration per run" />
            <RunTrendChart runs={runs} metric="frozenMs" title="Freeze time per run" />
          </div>
        </Panel>
        <Panel title="Run history" className="lg:col-span-2">
          <RunHistory runs={runs} />
        </Panel>
        <Panel title="YAML" className="lg:col-span-2">
          <SpecYaml spec={spec} name={spec.name} />
        </Panel>
      </div>
    </>
  );
}
