"use client";
// A set's consistency mode (docs/consistency-modes.md): instant and its mechanism, or scan and
// why; for an instant set, its reference clone: when the point in time was taken, how long the
// clone took (the application's freeze, when quiesced around it), the master's extents that clone
// time grows with, the space only the clone still holds, and how the last update found changes.
// Warns when the clone takes a large part of the freeze budget of a runbook for the set.
import { useQuery } from "@tanstack/react-query";
import { ConsistencyBadge } from "@/components/consistency-badge";
import { DetailField } from "@/components/detail-field";
import { formatUtc, RelativeTime } from "@/components/relative-time";
import { formatByteSize } from "@/lib/byte-size";
import { describeConsistency } from "@/lib/consistency-mode";
import { IDLE_POLL_MS } from "@/lib/poll-interval";
import { cloneFreezeWarning, consistencyOf } from "@/lib/set-consistency-summary";
import type { SetStatus } from "@/lib/set-status";
import { useTRPC } from "@/trpc/client";

type ConsistencySet = Pick<SetStatus, "changeDetection" | "consistency" | "clone" | "group">;

export function SetConsistency({ host, set }: { host: string; set: ConsistencySet }) {
  const mode = consistencyOf(set);
  const clone = mode.mode === "instant" ? (set.clone ?? null) : null;
  return (
    <div className="space-y-4">
      <dl className="grid grid-cols-2 gap-4">
        <DetailField label="Mode">
          <span className="flex flex-wrap items-center gap-2">
            <ConsistencyBadge set={set} />
            <span>{describeConsistency(mode)}</span>
          </span>
        </DetailField>
        <DetailField label="Asked for at enable">
          {set.consistency ? (
            mode.requested === "scan" ? (
              "scan"
            ) : (
              "automatic (instant where possible)"
            )
          ) : (
            <span className="text-muted">not reported (older agent)</span>
          )}
        </DetailField>
        {clone && <CloneFields clone={clone} />}
      </dl>
      {mode.mode === "scan" && (
        <p className="text-xs text-muted">
          A scan-mode update is a point in time only while the application stays quiesced until it ends.
        </p>
      )}
      {mode.mode === "instant" && !clone && (
        <p className="text-xs text-muted">No point-in-time clone yet: the next update takes one.</p>
      )}
      {clone && <FreezeWarning host={host} group={set.group} cloneMs={clone.cloneMs} />}
    </div>
  );
}

function CloneFields({ clone }: { clone: NonNullable<SetStatus["clone"]> }) {
  const takenIso = new Date(clone.takenAt).toISOString();
  return (
    <>
      <DetailField label="Point-in-time clone">
        <span title={formatUtc(takenIso)}>
          {formatUtc(takenIso)} (<RelativeTime iso={takenIso} />)
        </span>
      </DetailField>
      <DetailField label="Clone took">{Math.round(clone.cloneMs)} ms</DetailField>
      <DetailField label="Master extents">{clone.masterExtents}</DetailField>
      <DetailField label="Reference clone holds">
        {clone.heldBytes === null ? <span className="text-muted">unknown</span> : formatByteSize(clone.heldBytes)}
      </DetailField>
      <DetailField label="Last update">
        {clone.lastUpdate === null ? (
          <span className="text-muted">none since enable</span>
        ) : (
          <>
            {clone.lastUpdate === "instant" ? "instant (extent-map diff)" : "scan"}
            {clone.lastUpdateNote && <span className="text-muted">: {clone.lastUpdateNote}</span>}
          </>
        )}
      </DetailField>
    </>
  );
}

/** The budgets of the runbooks that freeze this set's group on this host; none, the agent's default. */
function FreezeWarning({ host, group, cloneMs }: { host: string; group: string | null; cloneMs: number }) {
  const trpc = useTRPC();
  const { data: runbooks } = useQuery({
    ...trpc.runbook.list.queryOptions(),
    refetchInterval: IDLE_POLL_MS,
    enabled: group !== null,
  });
  // Until the runbooks are known, the agent's default would be the wrong budget to compare with.
  if (group !== null && !runbooks) return null;
  const budgets = (runbooks ?? [])
    .filter((r) => r.spec.group === group && r.spec.productionHost === host)
    .map((r) => ({ seconds: r.spec.freezeBudgetSeconds, source: `runbook ${r.name}` }));
  const warning = cloneFreezeWarning(cloneMs, budgets);
  if (!warning) return null;
  return <p className="rounded-md bg-warning-soft px-3 py-2 text-sm text-warning">Warning: {warning}</p>;
}
