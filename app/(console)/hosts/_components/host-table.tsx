"use client";
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { HostStatusBadge } from "@/components/host-status-badge";
import { RefreshErrorNote } from "@/components/refresh-error-note";
import { RelativeTime } from "@/components/relative-time";
import { useLivePollInterval } from "@/components/use-live-poll-interval";
import { useTRPC } from "@/trpc/client";

export function HostTable() {
  const trpc = useTRPC();
  const interval = useLivePollInterval();
  const { data: hosts, error } = useSuspenseQuery({ ...trpc.host.list.queryOptions(), refetchInterval: interval });

  if (hosts.length === 0) {
    return (
      <EmptyState title="No hosts yet">
        A host appears here once a pitcrew agent running on it enrols with this console, using an enrolment token an
        admin creates below.
      </EmptyState>
    );
  }
  return (
    <div className="overflow-x-auto">
      <RefreshErrorNote error={error} />
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Hosts known to this console</caption>
        <thead className="text-muted">
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">
              Name
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Status
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Agent version
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Last heartbeat
            </th>
            <th scope="col" className="py-1 font-medium">
              Enrolled
            </th>
          </tr>
        </thead>
        <tbody>
          {hosts.map((host) => (
            <tr key={host.id} className="border-t border-border">
              <th scope="row" className="py-2 pr-3 font-medium">
                <Link href={`/hosts/${encodeURIComponent(host.name)}`} className="underline underline-offset-2">
                  {host.name}
                </Link>
              </th>
              <td className="py-2 pr-3">
                <HostStatusBadge lastHeartbeat={host.lastHeartbeat} />
              </td>
              <td className="py-2 pr-3 font-mono">{host.agentVersion ?? "unknown"}</td>
              <td className="py-2 pr-3">
                <RelativeTime iso={host.lastHeartbeat} />
              </td>
              <td className="py-2">
                <RelativeTime iso={host.createdAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
