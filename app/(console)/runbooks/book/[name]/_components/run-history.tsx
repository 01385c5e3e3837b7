"use client";
import Link from "next/link";
import { stepTitle } from "@/app/(console)/runbooks/_components/last-run-cell";
import { Cell, ColumnHeader, DataTable, Row, RowHeader, TableHead } from "@/components/data-table";
import { EmptyState } from "@/components/empty-state";
import { formatUtc, RelativeTime } from "@/components/relative-time";
import { RunStateBadge } from "@/components/run-state-badge";
import { formatRunMs } from "@/lib/format-run-time";
import { runHref } from "@/lib/runbook-route";

interface RunRow {
  id: string;
  state: string;
  trigger: string;
  requestedBy: string;
  stepKey: string;
  createdAt: string;
  durationMs: number | null;
  frozenMs: number;
  copyMs: number | null;
  pointInTime: string | null;
  error: { step: string; message: string } | null;
}

export function RunHistory({ runs }: { runs: readonly RunRow[] }) {
  if (runs.length === 0)
    return (
      <EmptyState title="No runs yet">
        Run now, the schedule or <code className="font-mono">pitcrew runbook run</code> starts one.
      </EmptyState>
    );
  return (
    <DataTable scrollLabel="Runs, scrolling sideways" caption="Runs, newest first">
      <TableHead>
        <ColumnHeader>Started</ColumnHeader>
        <ColumnHeader>State</ColumnHeader>
        <ColumnHeader>By</ColumnHeader>
        <ColumnHeader align="right">Duration</ColumnHeader>
        <ColumnHeader align="right">Frozen</ColumnHeader>
        <ColumnHeader align="right">Copy</ColumnHeader>
        <ColumnHeader>Point in time</ColumnHeader>
        <ColumnHeader>Step or error</ColumnHeader>
      </TableHead>
      <tbody>
        {runs.map((run) => (
          <Row key={run.id} className="align-top" data-run-id={run.id}>
            <RowHeader weight="normal">
              <Link href={runHref(run.id)} className="underline underline-offset-2">
                <RelativeTime iso={run.createdAt} />
              </Link>
            </RowHeader>
            <Cell>
              <RunStateBadge state={run.state} />
            </Cell>
            <Cell>{run.trigger === "schedule" ? "schedule" : run.requestedBy}</Cell>
            <Cell align="right" className="tabular">
              {run.durationMs === null ? "—" : formatRunMs(run.durationMs)}
            </Cell>
            <Cell align="right" className="tabular">
              {formatRunMs(run.frozenMs)}
            </Cell>
            <Cell align="right" className="tabular">
              {run.copyMs === null ? <span className="text-muted">–</span> : formatRunMs(run.copyMs)}
            </Cell>
            <Cell className="text-xs">
              {run.pointInTime ? formatUtc(run.pointInTime) : <span className="text-muted">—</span>}
            </Cell>
            <Cell className="text-xs">
              {run.error ? (
                <span className="text-danger">
                  {stepTitle(run.error.step)}: {run.error.message}
                </span>
              ) : run.state === "succeeded" ? (
                <span className="text-muted">all steps done</span>
              ) : (
                stepTitle(run.stepKey)
              )}
            </Cell>
          </Row>
        ))}
      </tbody>
    </DataTable>
  );
}
