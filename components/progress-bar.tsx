// A copy's progress: a bar (role=progressbar with aria-valuenow) and the figures an operator
// plans a backup window with: percent, bytes done of total, rate and time left.
import { formatByteSize } from "@/lib/byte-size";
import { formatDuration } from "@/lib/format-duration";
import type { JobProgressView } from "@/lib/job-progress";

export function ProgressBar({ progress, label }: { progress: JobProgressView; label: string }) {
  const { percent } = progress;
  return (
    <div data-slot="progress" className="space-y-1">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent} %`}
        className="h-2 w-full overflow-hidden rounded-full bg-neutral-soft"
      >
        <div
          className="h-full rounded-full bg-accent transition-[width] duration-500"
          style={{ width: `${percent}%` }}
        />
      </div>
      <p className="tabular flex flex-wrap gap-x-3 text-xs text-muted">
        <span className="font-medium text-foreground">{percent} %</span>
        <span>
          {formatByteSize(progress.bytesDone)} of {formatByteSize(progress.bytesTotal)}
        </span>
        <span>
          {progress.rateBytesPerSec > 0 ? `${formatByteSize(Math.round(progress.rateBytesPerSec))}/s` : "rate unknown"}
        </span>
        <span>
          {progress.etaSeconds === null ? "time left unknown" : `${formatDuration(progress.etaSeconds)} left`}
        </span>
      </p>
    </div>
  );
}

/** Same height as a ProgressBar, for a job that has not reported progress yet (no layout jump). */
function ProgressBarPlaceholder({ text }: { text: string }) {
  return (
    <div data-slot="progress" className="space-y-1">
      <div className="h-2 w-full rounded-full bg-neutral-soft" aria-hidden="true" />
      <p className="text-xs text-muted">{text}</p>
    </div>
  );
}
ProgressBar.Placeholder = ProgressBarPlaceholder;
