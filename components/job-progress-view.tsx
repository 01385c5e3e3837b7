// A job's progress bar, or a placeholder of the same height saying what it is doing, so a row
// does not change height when the first progress event arrives.
import { ProgressBar } from "@/components/progress-bar";
import type { JobProgress } from "@/lib/copy-progress";
import { completedProgress, readJobProgress } from "@/lib/job-progress";

export function JobProgressView({
  job,
}: {
  job: { id: string; kind: string; state: string; phase: string | null; progress: JobProgress | null };
}) {
  const reported = readJobProgress(job.progress);
  const progress = reported && job.state === "succeeded" ? completedProgress(reported) : reported;
  if (progress) {
    const what = progress.set ? `${job.kind} of ${progress.set}` : job.kind;
    return <ProgressBar progress={progress} label={`Progress of ${what}`} />;
  }
  if (job.state !== "queued" && job.state !== "running")
    return <ProgressBar.Placeholder text={`No copy progress (${job.state})`} />;
  const text =
    job.state === "queued"
      ? "Waiting for the host's agent to claim it"
      : job.phase
        ? `Phase: ${job.phase}`
        : "Starting";
  return <ProgressBar.Placeholder text={text} />;
}
