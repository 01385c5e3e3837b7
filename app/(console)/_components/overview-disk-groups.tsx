"use client";
import { useSuspenseQuery } from "@tanstack/react-query";
import { DiskGroupOwnershipNote } from "@/components/disk-group-ownership-note";
import { EmptyState } from "@/components/empty-state";
import { RefreshErrorNote } from "@/components/refresh-error-note";
import { StatusBadge } from "@/components/status-badge";
import { useLivePollInterval } from "@/components/use-live-poll-interval";
import { formatByteSize } from "@/lib/byte-size";
import { useTRPC } from "@/trpc/client";

export function OverviewDiskGroups() {
  const trpc = useTRPC();
  const interval = useLivePollInterval();
  const { data: groups, error } = useSuspenseQuery({
    ...trpc.diskGroup.everywhere.queryOptions(),
    refetchInterval: interval,
  });

  if (groups.length === 0) {
    return <EmptyState title="No disk groups">No agent reports a disk group under its roots yet.</EmptyState>;
  }
  return (
    <div>
      <RefreshErrorNote error={error} />
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Disk groups and the host holding each</caption>
        <thead className="text-muted">
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">
              Disk group
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Held by
            </th>
            <th scope="col" className="py-1 pr-3 text-right font-medium">
              Volumes
            </th>
            <th scope="col" className="py-1 font-medium">
              Seen by
            </th>
          </tr>
        </thead>
        <tbody>
          {groups.map((group) => (
            <tr key={group.name} className="border-t border-border" data-testid={`disk-group-${group.name}`}>
              <th scope="row" className="py-2 pr-3 font-medium">
                {group.name}
                {group.damaged && (
                  <StatusBadge tone="danger" className="ml-2" title={group.damaged}>
                    damaged
                  </StatusBadge>
                )}
              </th>
              <td className="py-2 pr-3">
                {group.owner ?? <span className="text-muted">deported</span>}
                {/* Conflicts only: the list page says where each holder is known from. */}
                <DiskGroupOwnershipNote ownership={group} showSource={false} />
              </td>
              <td className="tabular py-2 pr-3 text-right">
                {group.volumeCount} <span className="text-muted">({formatByteSize(group.dataBytes)})</span>
              </td>
              <td className="py-2 text-muted">{group.seenBy.map((s) => s.host).join(", ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
