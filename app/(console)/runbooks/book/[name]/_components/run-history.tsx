"use client";
import Link from "next/link";
import { stepTitle } from "@/app/(console)/runbooks/_components/last-run-cell";
import { EmptyState } from "@/components/empty-state";
import { formatUtc, RelativeTime } from "@/components/relative-time";
import { RunStateBadge } from "@/components/run-state-badge";
import { ScrollRegion } from "@/components/scroll-region";
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
    <ScrollRegion label="Runs, scrolling sideways">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Runs, newest first</caption>
        <thead className="text-muted">
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">
              Started
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              State
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              By
            </th>
            <th scope="col" className="py-1 pr-3 text-right font-medium">
              Duration
            </th>
            <th scope="col" className="py-1 pr-3 text-right font-medium">
              Frozen
            </th>
            <th scope="col" className="py-1 pr-3 text-right font-medium">
              Copy
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Point in time
            </th>
            <th scope="col" className="py-1 font-medium">
              Step or error
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id} className="border-t border-border align-top" data-run-id={run.id}>
              <th scope="row" className="py-2 pr-3 font-normal">
                <Link href={runHref(run.id)} className="underline underline-offset-2">
                  <RelativeTime iso={run.createdAt} />
                </Link>
              </th>
              <td className="py-2 pr-3">
                <RunStateBadge state={run.state} />
              </td>
              <td className="py-2 pr-3">{run.trigger === "schedule" ? "schedule" : run.requestedBy}</td>
              <td className="tabular py-2 pr-3 text-right">
                {run.durationMs === null ? "—" : formatRunMs(run.durationMs)}
              </td>
              <td className="tabular py-2 pr-3 text-right">{formatRunMs(run.frozenMs)}</td>
              <td className="tabular py-2 pr-3 text-right">
                {run.copyMs === null ? <span className="text-muted">–</span> : formatRunMs(run.copyMs)}
              </td>
              <td className="py-2 pr-3 text-xs">
                {run.pointInTime ? formatUtc(run.pointInTime) : <span className="text-muted">—</span>}
              </td>
              <td className="py-2 text-xs">
                {run.error ? (
                  <span className="text-danger">
                    {stepTitle(run.error.step)}: {run.error.message}
                  </span>
                ) : run.state === "succeeded" ? (
                  <span className="text-muted">all steps done</span>
                ) : (
                  stepTitle(run.stepKey)
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
