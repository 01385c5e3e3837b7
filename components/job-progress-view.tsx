// A job's progress bar, or a placeholder of the same height saying what it is doing, so a row
// does not change height when the first progress event arrives.
import { ProgressBar } from "@/components/progress-bar";
import { readJobProgress } from "@/lib/job-progress";

export function JobProgressView({ job }: {
  job: { id: string; kind: string; state: string; phase: string | null; progress: Record<string, unknown> | null };
}) {
  const progress = readJobProgress(job.progress);
  if (progress) {
    const what = progress.set ? `${job.kind} of ${progress.set}` : job.kind;
    return <ProgressBar progress={progress} label={`Progress of ${what}`} />;
  }
  const text = job.state === "queued" ? "Waiting for the host's agent to claim it" : job.phase ? `Phase: ${job.phase}` : "Starting";
  return <ProgressBar.Placeholder text={text} />;
}
