"use client";
import { useSuspenseQuery } from "@tanstack/react-query";
import { EmptyState } from "@/components/empty-state";
import { RefreshErrorNote } from "@/components/refresh-error-note";
import { SetStateBadge } from "@/components/set-state-badge";
import { useLivePollInterval } from "@/components/use-live-poll-interval";
import { countSetStates } from "@/lib/set-state";
import { useTRPC } from "@/trpc/client";

export function OverviewSets() {
  const trpc = useTRPC();
  const interval = useLivePollInterval();
  const { data: sets, error } = useSuspenseQuery({
    ...trpc.set.everywhere.queryOptions({}),
    refetchInterval: interval,
  });

  if (sets.length === 0) {
    return <EmptyState title="No volume sets">No host has an Instant Image set enabled yet.</EmptyState>;
  }
  return (
    <div>
      <RefreshErrorNote error={error} />
      <p className="mb-3 text-sm text-muted">
        <span className="font-medium text-foreground">{sets.length}</span> {sets.length === 1 ? "set" : "sets"} on{" "}
        {new Set(sets.map((s) => s.host)).size} host(s)
      </p>
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        {countSetStates(sets).map(({ state, count }) => (
          <div key={state} className="rounded-md border border-border p-3">
            <dt>
              <SetStateBadge state={state} />
            </dt>
            <dd className="tabular mt-1 text-2xl font-semibold">{count}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
