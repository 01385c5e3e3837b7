"use client";
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { DiskGroupActions } from "@/app/(console)/disk-groups/[name]/_components/disk-group-actions";
import { DiskGroupVolumes } from "@/app/(console)/disk-groups/[name]/_components/disk-group-volumes";
import { EmptyState } from "@/components/empty-state";
import { HostStatusBadge } from "@/components/host-status-badge";
import { Panel } from "@/components/panel";
import { RefreshErrorNote } from "@/components/refresh-error-note";
import { RelativeTime } from "@/components/relative-time";
import { StatusBadge } from "@/components/status-badge";
import { useLivePollInterval } from "@/components/use-live-poll-interval";
import { useTRPC } from "@/trpc/client";

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs uppercase tracking-wide text-muted">{label}</dt>
      <dd className="mt-0.5 text-sm">{children}</dd>
    </div>
  );
}

const hostLink = (host: string) => <Link href={`/hosts/${encodeURIComponent(host)}`} className="underline underline-offset-2">{host}</Link>;

export function DiskGroupDetail({ name, canAct }: { name: string; canAct: boolean }) {
  const trpc = useTRPC();
  const interval = useLivePollInterval();
  const { data: dg, error } = useSuspenseQuery({ ...trpc.diskGroup.get.queryOptions({ name }), refetchInterval: interval });

  return (
    <>
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Disk group {dg.name}</h1>
        <span data-testid="dg-holder">
          {dg.owner ? <StatusBadge tone="info">held by {dg.owner}</StatusBadge> : <StatusBadge tone="neutral">deported</StatusBadge>}
        </span>
        {dg.owner && (
          <span data-testid="dg-volumes-state">
            <StatusBadge tone={dg.volumesStarted ? "success" : "neutral"}>{dg.volumesStarted ? "volumes started" : "volumes stopped"}</StatusBadge>
          </span>
        )}
        {dg.damaged && <StatusBadge tone="danger" title={dg.damaged}>damaged</StatusBadge>}
      </div>
      {canAct && <DiskGroupActions dg={dg} />}
      <RefreshErrorNote error={error} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Panel title="Disk group">
          <dl className="grid grid-cols-2 gap-4">
            <Field label="Held by">{dg.owner ? hostLink(dg.owner) : <span className="text-muted">nobody (deported)</span>}</Field>
            <Field label="Volumes">{dg.owner ? (dg.volumesStarted ? "started" : "stopped") : "closed"}</Field>
            <Field label="Directory"><span className="break-all font-mono text-xs">{dg.dir}</span></Field>
            <Field label="Import generation"><span className="tabular">{dg.importGeneration}</span></Field>
            <Field label="As reported by">{hostLink(dg.reportedBy)}</Field>
            <Field label="Reported"><RelativeTime iso={dg.reportedAt} /></Field>
            {dg.damaged && <Field label="Damaged"><span className="text-danger">{dg.damaged}</span></Field>}
          </dl>
        </Panel>
        <Panel title="Hosts that see it">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Hosts whose agents see disk group {dg.name}</caption>
            <thead className="text-muted">
              <tr>
                <th scope="col" className="py-1 pr-3 font-medium">Host</th>
                <th scope="col" className="py-1 pr-3 font-medium">Agent</th>
                <th scope="col" className="py-1 pr-3 font-medium">Says it is held by</th>
                <th scope="col" className="py-1 font-medium">Reported</th>
              </tr>
            </thead>
            <tbody>
              {dg.views.map((view) => (
                <tr key={view.host} className="border-t border-border" data-testid={`dg-view-${view.host}`}>
                  <th scope="row" className="py-2 pr-3 font-medium">{hostLink(view.host)}{view.host === dg.owner && <span className="ml-2 text-muted">(holder)</span>}</th>
                  <td className="py-2 pr-3"><HostStatusBadge lastHeartbeat={view.lastHeartbeat} /></td>
                  <td className="py-2 pr-3">{view.owner ?? <span className="text-muted">nobody</span>}</td>
                  <td className="py-2"><RelativeTime iso={view.reportedAt} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </Panel>
        <Panel title="Volumes" className="lg:col-span-2">
          <DiskGroupVolumes dg={dg} />
        </Panel>
        <Panel title="Volume sets on its volumes" className="lg:col-span-2">
          {dg.sets.length === 0 ? (
            <EmptyState title="No volume sets">No host has an Instant Image set on a volume of {dg.name}.</EmptyState>
          ) : (
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Volume sets using volumes of {dg.name}</caption>
              <thead className="text-muted">
                <tr>
                  <th scope="col" className="py-1 pr-3 font-medium">Shadow (set)</th>
                  <th scope="col" className="py-1 pr-3 font-medium">Host</th>
                  <th scope="col" className="py-1 pr-3 font-medium">Master</th>
                  <th scope="col" className="py-1 pr-3 font-medium">Bitmap</th>
                  <th scope="col" className="py-1 font-medium">Mode</th>
                </tr>
              </thead>
              <tbody>
                {dg.sets.map((set) => (
                  <tr key={`${set.host}:${set.shadow}`} className="border-t border-border">
                    <th scope="row" className="py-2 pr-3 font-mono text-xs font-normal">{set.shadow}</th>
                    <td className="py-2 pr-3">{set.host}</td>
                    <td className="py-2 pr-3 font-mono text-xs">{set.master}</td>
                    <td className="py-2 pr-3 font-mono text-xs">{set.bitmap}</td>
                    <td className="py-2">{set.mode === "ind" ? "independent" : "dependent"}{set.group && <span className="text-muted"> · group {set.group}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Panel>
      </div>
      <p className="mt-6 text-sm">
        <Link href="/disk-groups" className="underline underline-offset-2">All disk groups</Link>
      </p>
    </>
  );
}
