// A runbook's last run in one cell: state, the step it is on or stopped at, how long it took and
// how long the application was frozen.
import Link from "next/link";
import { RelativeTime } from "@/components/relative-time";
import { RunStateBadge } from "@/components/run-state-badge";
import { formatRunMs } from "@/lib/format-run-time";
import { isActiveRunState } from "@/lib/run-states";
import { runHref } from "@/lib/runbook-route";
import { runbookStepInfo, type RunbookStepKey } from "@/lib/runbook-steps";

export function stepTitle(key: string): string {
  return runbookStepInfo[key as RunbookStepKey]?.title ?? (key === "check" ? "Start check" : key);
}

export function LastRunCell({
  run,
}: {
  run: {
    id: string;
    state: string;
    stepKey: string;
    createdAt: string;
    durationMs: number | null;
    frozenMs: number;
  } | null;
}) {
  if (!run) return <span className="text-muted">never run</span>;
  const active = isActiveRunState(run.state);
  return (
    <div className="space-y-0.5">
      <div className="flex flex-wrap items-center gap-2">
        <Link href={runHref(run.id)} className="underline underline-offset-2">
          <RelativeTime iso={run.createdAt} />
        </Link>
        <RunStateBadge state={run.state} />
      </div>
      <p className="text-xs text-muted">
        {active || run.state === "failed" ? <>step {stepTitle(run.stepKey)} · </> : null}
        {run.durationMs === null ? "still going" : `took ${formatRunMs(run.durationMs)}`} · frozen{" "}
        {formatRunMs(run.frozenMs)}
      </p>
    </div>
  );
}
