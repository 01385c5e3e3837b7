"use client";
// The live placement check of the runbook form (runbook.check): once the spec is valid and the
// operator pauses typing, the console checks hosts, hooks and the snapshot disk group's contents
// against the production host's inventory, and lists every problem and the sets a run would drive.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useDebouncedValue } from "@/app/(console)/runbooks/_components/use-debounced-value";
import { Cell, ColumnHeader, DataTable, Row, TableHead } from "@/components/data-table";
import { IDLE_POLL_MS } from "@/lib/poll-interval";
import { useTRPC } from "@/trpc/client";

// Long enough to skip a check per keystroke, short enough to feel live.
const CHECK_DEBOUNCE_MS = 400;

export function PlacementCheck({ spec }: { spec: Record<string, unknown> | null }) {
  const trpc = useTRPC();
  // A string, so an equal spec built again on every render is not a change.
  const key = spec ? JSON.stringify(spec) : null;
  const settled = useDebouncedValue(key, CHECK_DEBOUNCE_MS);
  const check = useQuery({
    ...trpc.runbook.check.queryOptions({ spec: settled ? (JSON.parse(settled) as Record<string, unknown>) : {} }),
    enabled: settled !== null,
    placeholderData: keepPreviousData,
    // Inventories change (a volume created, a group deported): keep the answer current.
    refetchInterval: IDLE_POLL_MS,
  });
  const pending = key !== settled || check.isFetching;

  if (key === null) return <p className="text-sm text-muted">The check runs once the form has no errors.</p>;
  return (
    <div className="space-y-3" aria-busy={pending}>
      <p role="status" className="text-sm text-muted">
        {pending ? "Checking…" : check.data ? "Checked against the hosts' current inventories." : ""}
      </p>
      {check.error && (
        <p role="alert" className="rounded-md bg-danger-soft p-2 text-sm text-danger">
          Could not check: {check.error.message}
        </p>
      )}
      {check.data &&
        (check.data.problems.length > 0 ? (
          <div className="space-y-1">
            <h3 className="text-sm font-medium text-danger">
              {check.data.problems.length === 1 ? "1 problem" : `${check.data.problems.length} problems`} would stop a
              run
            </h3>
            <ul aria-label="Placement problems" className="space-y-1 text-sm">
              {check.data.problems.map((p) => (
                <li key={p} className="rounded-md bg-danger-soft px-3 py-2 text-danger">
                  {p}
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <p data-testid="placement-ok" className="rounded-md bg-success-soft px-3 py-2 text-sm text-success">
            No problems: a run could start now
            {check.data.holder ? ` (the snapshot disk group is held by ${check.data.holder})` : ""}.
          </p>
        ))}
      {check.data && check.data.sets.length > 0 && (
        <DataTable
          scrollLabel="Sets the run would drive, scrolling sideways"
          density="compact"
          caption="Sets the run would drive"
          showCaption
        >
          <TableHead>
            <ColumnHeader>Shadow</ColumnHeader>
            <ColumnHeader>Master</ColumnHeader>
            <ColumnHeader>Secondary bitmap</ColumnHeader>
            <ColumnHeader>Set</ColumnHeader>
          </TableHead>
          <tbody>
            {check.data.sets.map((s) => (
              <Row key={s.shadow}>
                <Cell className="font-mono">{s.shadowRef}</Cell>
                <Cell className="whitespace-nowrap font-mono">{s.master}</Cell>
                <Cell className="font-mono">{s.secondaryBitmapRef}</Cell>
                <Cell>{s.enabled ? "enabled" : "enabled by the run (full copy)"}</Cell>
              </Row>
            ))}
          </tbody>
        </DataTable>
      )}
    </div>
  );
}
