"use client";
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { DiskGroupOwnershipNote } from "@/components/disk-group-ownership-note";
import { EmptyState } from "@/components/empty-state";
import { RefreshErrorNote } from "@/components/refresh-error-note";
import { StatusBadge } from "@/components/status-badge";
import { useLivePollInterval } from "@/components/use-live-poll-interval";
import { formatByteSize } from "@/lib/byte-size";
import { type HeldByFilter, matchesHeldBy } from "@/lib/disk-group-list-filter";
import { useTRPC } from "@/trpc/client";

export function DiskGroupTable({ heldBy }: { heldBy: HeldByFilter }) {
  const trpc = useTRPC();
  const interval = useLivePollInterval();
  const { data: all, error } = useSuspenseQuery({
    ...trpc.diskGroup.everywhere.queryOptions(),
    refetchInterval: interval,
  });
  const groups = all.filter((g) => matchesHeldBy(g, heldBy));

  if (all.length === 0) {
    return (
      <EmptyState title="No disk groups">
        No agent reports a disk group under its roots yet. Operators can create one on a host.
      </EmptyState>
    );
  }
  if (groups.length === 0) {
    return (
      <EmptyState title="No disk groups match this filter">
        {all.length} disk group(s) are held by other hosts or none.
      </EmptyState>
    );
  }
  return (
    <div className="overflow-x-auto">
      <RefreshErrorNote error={error} />
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Disk groups, the host holding each, and their volumes</caption>
        <thead className="text-muted">
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">
              Disk group
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Held by
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Volumes
            </th>
            <th scope="col" className="py-1 pr-3 text-right font-medium">
              Count
            </th>
            <th scope="col" className="py-1 pr-3 text-right font-medium">
              Data size
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Holder known from
            </th>
            <th scope="col" className="py-1 font-medium">
              Seen by
            </th>
          </tr>
        </thead>
        <tbody>
          {groups.map((group) => (
            <tr key={group.name} className="border-t border-border" data-testid={`disk-group-row-${group.name}`}>
              <th scope="row" className="py-2 pr-3 font-medium">
                <Link href={`/disk-groups/${encodeURIComponent(group.name)}`} className="underline underline-offset-2">
                  {group.name}
                </Link>
                {group.damaged && (
                  <StatusBadge tone="danger" className="ml-2" title={group.damaged}>
                    damaged
                  </StatusBadge>
                )}
              </th>
              <td className="py-2 pr-3">
                {group.owner ?? <span className="text-muted">nobody (deported)</span>}
                <DiskGroupOwnershipNote ownership={group} showSource={false} />
              </td>
              <td className="py-2 pr-3">
                {group.owner === null ? (
                  <span className="text-muted">—</span>
                ) : (
                  <StatusBadge tone={group.volumesStarted ? "success" : "neutral"}>
                    {group.volumesStarted ? "started" : "stopped"}
                  </StatusBadge>
                )}
              </td>
              <td className="tabular py-2 pr-3 text-right">{group.volumeCount}</td>
              <td className="tabular py-2 pr-3 text-right">{formatByteSize(group.dataBytes)}</td>
              <td className="py-2 pr-3 text-muted" data-testid={`dg-owner-source-${group.name}`}>
                {group.ownerSource === "console"
                  ? "a console job"
                  : group.owner === null
                    ? "—"
                    : "reported by host, not recorded by the console"}
              </td>
              <td className="py-2 text-muted">{group.seenBy.map((s) => s.host).join(", ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
