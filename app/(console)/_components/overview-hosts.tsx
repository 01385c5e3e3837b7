"use client";
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { HostStatusBadge } from "@/components/host-status-badge";
import { RefreshErrorNote } from "@/components/refresh-error-note";
import { RelativeTime } from "@/components/relative-time";
import { useLivePollInterval } from "@/components/use-live-poll-interval";
import { useNow } from "@/components/use-now";
import { isHostOnline } from "@/lib/host-online";
import { useTRPC } from "@/trpc/client";

export function OverviewHosts() {
  const trpc = useTRPC();
  const interval = useLivePollInterval();
  const { data: hosts, error } = useSuspenseQuery({ ...trpc.host.list.queryOptions(), refetchInterval: interval });
  const now = useNow();

  if (hosts.length === 0) {
    return (
      <EmptyState title="No hosts yet">
        A host appears here once a pitcrew agent on it enrols with this console. Admins create an enrolment token on the{" "}
        <Link href="/hosts" className="underline">
          Hosts
        </Link>{" "}
        page.
      </EmptyState>
    );
  }
  const online = hosts.filter((h) => isHostOnline(h.lastHeartbeat, now)).length;
  return (
    <div>
      <RefreshErrorNote error={error} />
      <p className="mb-3 text-sm text-muted" suppressHydrationWarning>
        <span className="font-medium text-foreground">{online}</span> online,{" "}
        <span className="font-medium text-foreground">{hosts.length - online}</span> offline
      </p>
      <ul className="divide-y divide-border">
        {hosts.map((host) => (
          <li key={host.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2 text-sm">
            <Link
              href={`/hosts/${encodeURIComponent(host.name)}`}
              className="font-medium underline-offset-2 hover:underline"
            >
              {host.name}
            </Link>
            <HostStatusBadge lastHeartbeat={host.lastHeartbeat} />
            <span className="ml-auto text-muted">
              last heartbeat <RelativeTime iso={host.lastHeartbeat} />
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
