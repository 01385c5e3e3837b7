// A set's consistency mode as a small badge ("instant" / "scan"), its meaning in the tooltip, for
// the set lists and group pages (lib/set-consistency-summary.ts decides both).
import { StatusBadge } from "@/components/status-badge";
import { consistencyBadge } from "@/lib/set-consistency-summary";
import type { SetStatus } from "@/lib/set-status";

export function ConsistencyBadge({ set }: { set: Pick<SetStatus, "changeDetection" | "consistency"> }) {
  const badge = consistencyBadge(set);
  return (
    <StatusBadge tone={badge.tone} title={badge.description} data-consistency={badge.label}>
      {badge.label}
    </StatusBadge>
  );
}
