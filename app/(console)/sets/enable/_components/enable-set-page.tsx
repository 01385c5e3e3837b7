"use client";
// The host is chosen first (in the URL: /sets/enable?host=prod), because master, shadow and bitmap
// come from that host's inventory; then the enable and import forms, whose jobs are followed here.
import { useSuspenseQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId } from "react";
import { FollowedJobsProvider } from "@/app/(console)/sets/_components/followed-jobs";
import { EmptyState } from "@/components/empty-state";
import { Panel } from "@/components/panel";
import { QueryBoundary } from "@/components/query-boundary";
import { enableCandidates } from "@/lib/set-enable-form";
import { enableSetHref } from "@/lib/set-route";
import { useTRPC } from "@/trpc/client";
import { EnableSetForm } from "./enable-set-form";
import { ImportShadowForm } from "./import-shadow-form";

export function EnableSetPage({ host }: { host: string | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const id = useId();
  const { data: hosts } = useSuspenseQuery(trpc.host.list.queryOptions());
  return (
    <FollowedJobsProvider>
      <div className="mb-6 flex items-center gap-3 text-sm">
        <label htmlFor={id}>Host</label>
        <select
          id={id}
          value={host ?? ""}
          onChange={(e) => router.push(enableSetHref(e.target.value))}
          className="rounded-md border border-border bg-background px-2 py-1"
        >
          <option value="">Choose a host…</option>
          {hosts.map((h) => (
            <option key={h.id} value={h.name}>
              {h.name}
            </option>
          ))}
        </select>
      </div>
      {host ? (
        <QueryBoundary
          key={host}
          errorTitle={`Could not load the inventory of ${host}`}
          fallback={
            <Panel title="New set">
              <Panel.Skeleton rows={6} />
            </Panel>
          }
        >
          <HostForms host={host} />
        </QueryBoundary>
      ) : (
        <EmptyState title="Choose a host">
          The master, shadow and bitmap are volumes of disk groups the host holds.
        </EmptyState>
      )}
    </FollowedJobsProvider>
  );
}

function HostForms({ host }: { host: string }) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery({ ...trpc.host.get.queryOptions({ name: host }), refetchInterval: 10_000 });
  if (!data.inventory)
    return <EmptyState title="No inventory yet">The agent on {host} has not reported its volumes.</EmptyState>;
  const candidates = enableCandidates(data.inventory, host);
  if (candidates.length === 0) {
    return (
      <EmptyState title={`No volumes on ${host}`}>
        Import a disk group on {host}, or create volumes in one it holds.
      </EmptyState>
    );
  }
  const groups = [...new Set(data.inventory.sets.flatMap((s) => (s.group ? [s.group] : [])))].sort();
  return (
    <div className="space-y-6">
      <Panel title="New set (iiadm -e)">
        <EnableSetForm host={host} candidates={candidates} groups={groups} />
      </Panel>
      <Panel title="Import an exported shadow (iiadm -I)">
        <ImportShadowForm host={host} candidates={candidates} />
      </Panel>
    </div>
  );
}
