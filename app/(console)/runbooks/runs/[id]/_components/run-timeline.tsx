"use client";
// The run's steps in order (lib/runbook-steps): each attempt with its host, state, duration, the
// actions it planned with the job issued for each, live progress of the job running now, and its
// log. Steps not reached yet are listed too, so the whole procedure is visible from the start.
import Link from "next/link";
import { RunningJobProgress } from "@/app/(console)/runbooks/runs/[id]/_components/running-job-progress";
import { formatUtc } from "@/components/relative-time";
import { RunStepStateBadge } from "@/components/run-state-badge";
import { useNow } from "@/components/use-now";
import { formatRunMs } from "@/lib/format-run-time";
import { isActiveRunState } from "@/lib/run-states";
import { runbookStepInfo, type RunbookStepKey, runbookStepSequence } from "@/lib/runbook-steps";
import type { RunDetail, RunStepView } from "@/server/runbooks/run-select";

export function RunTimeline({ run }: { run: RunDetail }) {
  const sequence = runbookStepSequence(run.spec);
  const hostOf = (key: RunbookStepKey) =>
    runbookStepInfo[key].on === "production" ? run.spec.productionHost : run.spec.backupHost;
  const pendingState = isActiveRunState(run.state) ? "pending" : "not reached";
  return (
    <ol aria-label="Steps" className="space-y-3">
      {sequence.map((key, i) => {
        const attempts = run.steps.filter((s) => s.key === key);
        const info = runbookStepInfo[key];
        return (
          <li
            key={key}
            data-step={key}
            aria-label={`Step ${i + 1}: ${info.title}`}
            className="rounded-md border border-border"
          >
            {attempts.length === 0 ? (
              <StepHeader n={i + 1} title={info.title} host={hostOf(key)} state={pendingState} what={info.what} />
            ) : (
              attempts.map((step) => (
                <StepAttempt
                  key={step.id}
                  n={i + 1}
                  step={step}
                  title={info.title}
                  what={info.what}
                  many={attempts.length > 1}
                />
              ))
            )}
          </li>
        );
      })}
    </ol>
  );
}

function StepHeader({
  n,
  title,
  host,
  state,
  what,
  attempt,
  duration,
}: {
  n: number;
  title: string;
  host: string;
  state: string;
  what: string;
  attempt?: number;
  duration?: string;
}) {
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm">
      <span className="tabular w-5 text-muted">{n}.</span>
      <span className="font-medium" title={what}>
        {title}
      </span>
      {attempt !== undefined && <span className="text-xs text-muted">attempt {attempt}</span>}
      <span className="text-muted">on {host}</span>
      <span data-testid="step-state">
        {state === "not reached" || state === "pending" ? (
          <span className="text-xs text-muted">{state}</span>
        ) : (
          <RunStepStateBadge state={state} />
        )}
      </span>
      {duration && (
        <span className="tabular ml-auto text-xs text-muted" suppressHydrationWarning>
          {duration}
        </span>
      )}
    </div>
  );
}

function StepAttempt({
  n,
  step,
  title,
  what,
  many,
}: {
  n: number;
  step: RunStepView;
  title: string;
  what: string;
  many: boolean;
}) {
  const now = useNow();
  const ms = (step.finishedAt ? Date.parse(step.finishedAt) : now) - Date.parse(step.startedAt);
  const runningJob = step.state === "running" ? step.jobIds[step.cursor] : undefined;
  return (
    <div className="border-b border-border last:border-0">
      <StepHeader
        n={n}
        title={title}
        host={step.hostName}
        state={step.state}
        what={what}
        attempt={many ? step.attempt : undefined}
        duration={formatRunMs(ms)}
      />
      <div className="space-y-2 px-3 pb-3 pl-11">
        {step.actions.length === 0 ? (
          <p className="text-xs text-muted">Nothing to do.</p>
        ) : (
          <ul aria-label={`Actions of ${title}`} className="space-y-1 text-sm">
            {step.actions.map((action, i) => {
              const jobId = step.jobIds[i];
              return (
                <li key={i} className="flex flex-wrap items-baseline gap-2">
                  <span className={i === step.cursor && step.state === "running" ? "font-medium" : ""}>
                    {action.label}
                  </span>
                  <span className="text-xs text-muted">on {action.host}</span>
                  {jobId ? (
                    <Link href={`/jobs/${jobId}`} className="font-mono text-xs underline underline-offset-2">
                      {action.kind} job
                    </Link>
                  ) : (
                    <span className="text-xs text-muted">not issued yet</span>
                  )}
                </li>
              );
            })}
          </ul>
        )}
        {runningJob && <RunningJobProgress id={runningJob} />}
        {step.errorMessage && <p className="text-sm text-danger">{step.errorMessage}</p>}
        {step.log.length > 0 && (
          // Open while the step runs or after it failed; a finished step's log folds away so the timeline stays readable.
          <details open={step.state !== "succeeded" && step.state !== "skipped"} className="text-xs">
            <summary className="cursor-pointer text-muted">
              Log ({step.log.length} line{step.log.length === 1 ? "" : "s"})
            </summary>
            <ol aria-label={`Log of ${title}`} className="mt-1 rounded border border-border font-mono text-xs">
              {step.log.map((line, i) => (
                <li key={i} className="flex gap-3 border-b border-border px-2 py-1 last:border-0">
                  <time dateTime={line.at} className="shrink-0 text-muted">
                    {formatUtc(line.at).slice(11)}
                  </time>
                  <span className="min-w-0 break-words">{line.message}</span>
                </li>
              ))}
            </ol>
          </details>
        )}
      </div>
    </div>
  );
}
