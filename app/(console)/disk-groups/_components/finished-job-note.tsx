"use client";
// The outcome of the last action started on this page, after its dialog closed: which job, its
// state and what the agent returned, with a link to the job's page.
import type { FinishedJob } from "@/app/(console)/disk-groups/_components/storage-action-dialog";
import { Button } from "@/components/button";
import { JobOnHost } from "@/components/job-on-host";

export function FinishedJobNote({ job, onDismiss }: { job: FinishedJob | null; onDismiss: () => void }) {
  if (!job) return null;
  const warning = typeof job.result?.warning === "string" ? job.result.warning : null;
  return (
    <div
      role="status"
      data-testid="finished-job"
      className="mb-4 flex flex-wrap items-center gap-2 rounded-md border border-border bg-surface px-3 py-2 text-sm"
    >
      <JobOnHost job={job} />
      {job.result && <code className="truncate font-mono text-xs text-muted">{summarise(job.result)}</code>}
      {warning && <span className="w-full text-warning">{warning}</span>}
      <Button variant="ghost" size="sm" onClick={onDismiss} className="ml-auto" aria-label="Dismiss">
        ×
      </Button>
    </div>
  );
}

function summarise(result: Record<string, unknown>): string {
  return Object.entries(result)
    .filter(([key, value]) => key !== "warning" && value !== null)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(" ");
}
