// A set's copy progress as set.info reports it: the running job's newest progress for this set
// (percent, bytes, rate, ETA), the job's state while it has none yet, or nothing when idle.
import Link from "next/link";
import { ProgressBar } from "@/components/progress-bar";
import { readJobProgress } from "@/lib/job-progress";
import type { LiveSet } from "./use-live-sets";

type CopyState = Pick<LiveSet, "shadow" | "progress" | "job">;

export function SetCopyProgress({ set, idle = "—" }: { set: CopyState; idle?: string }) {
  const progress = readJobProgress(set.progress);
  const direction = progress?.direction === "to-master" ? "to master" : "to shadow";
  if (progress) {
    return (
      <div className="space-y-1">
        <ProgressBar progress={progress} label={`Copy of ${set.shadow} ${direction}`} />
        {set.job && <JobLink job={set.job} />}
      </div>
    );
  }
  if (set.job) {
    return (
      <div className="space-y-1">
        <ProgressBar.Placeholder
          text={
            set.job.state === "queued"
              ? "Queued: waiting for the host's agent"
              : `Phase: ${set.job.phase ?? "starting"}`
          }
        />
        <JobLink job={set.job} />
      </div>
    );
  }
  return <span className="text-sm text-muted">{idle}</span>;
}

function JobLink({ job }: { job: NonNullable<CopyState["job"]> }) {
  return (
    <Link href={`/jobs/${job.id}`} className="text-xs underline underline-offset-2">
      {job.kind} {job.state}
      {job.cancelRequested ? " (cancel requested)" : ""}
    </Link>
  );
}
