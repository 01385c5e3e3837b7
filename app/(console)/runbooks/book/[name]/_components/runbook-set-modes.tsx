"use client";
// The sets a run of this runbook drives and how each takes its point in time (docs/architecture.md §3):
// instant sets are cloned and the application writes again at once; a set in scan mode keeps the
// application frozen until its master has been read in full, and says why it scans.
import { useQuery } from "@tanstack/react-query";
import { Cell, ColumnHeader, DataTable, Row, TableHead } from "@/components/data-table";
import { describeConsistency } from "@/lib/consistency-mode";
import { IDLE_POLL_MS } from "@/lib/poll-interval";
import { useTRPC } from "@/trpc/client";

export function RunbookSetModes({ name }: { name: string }) {
  const trpc = useTRPC();
  // Inventories change (a set enabled, a master moved to XFS): keep the answer current.
  const { data, error } = useQuery({ ...trpc.runbook.setModes.queryOptions({ name }), refetchInterval: IDLE_POLL_MS });
  if (error)
    return (
      <p role="alert" className="text-sm text-danger">
        Could not read the sets: {error.message}
      </p>
    );
  if (!data) return <p className="text-sm text-muted">Reading the production host&apos;s inventory…</p>;
  if (data.problem) return <p className="text-sm text-muted">{data.problem}</p>;
  if (!data.sets.length) return <p className="text-sm text-muted">No sets yet: the run enables them.</p>;
  return (
    <div className="space-y-3">
      {data.warnings.length > 0 && (
        <ul aria-label="Scan-mode warnings" className="space-y-1 text-sm">
          {data.warnings.map((w) => (
            <li key={w} className="rounded-md bg-warning-soft px-3 py-2 text-warning">
              {w}
            </li>
          ))}
        </ul>
      )}
      <DataTable scrollLabel="Sets and their consistency modes, scrolling sideways" density="compact">
        <TableHead>
          <ColumnHeader>Shadow</ColumnHeader>
          <ColumnHeader>Master</ColumnHeader>
          <ColumnHeader>Point in time</ColumnHeader>
        </TableHead>
        <tbody>
          {data.sets.map((s) => (
            <Row key={s.set} data-testid="runbook-set-mode">
              <Cell className="font-mono">{s.shadowRef}</Cell>
              <Cell className="whitespace-nowrap font-mono">{s.master}</Cell>
              <Cell className={s.mode === "scan" ? "text-warning" : ""}>
                {s.mode === null ? (
                  <span className="text-muted">decided when the run enables it</span>
                ) : (
                  describeConsistency({ ...s, mode: s.mode })
                )}
              </Cell>
            </Row>
          ))}
        </tbody>
      </DataTable>
    </div>
  );
}
