// Duration or freeze time per run as a small line chart (SVG, no chart library): an image to
// screen readers, with every run's figure in its description, as the bitmap planner's chart does.
import { useId } from "react";
import { formatRunMs } from "@/lib/format-run-time";
import { type TrendMetric, trendPoints, type TrendRun } from "@/lib/run-trend";

const W = 320;
const H = 90;
const PAD = 8;

export function RunTrendChart({
  runs,
  metric,
  title,
}: {
  runs: readonly TrendRun[];
  metric: TrendMetric;
  title: string;
}) {
  const titleId = useId();
  const descId = useId();
  const { points, maxMs } = trendPoints(runs, metric, W - 2 * PAD, H - 2 * PAD);
  if (points.length === 0) return <p className="text-sm text-muted">{title}: no finished run yet.</p>;
  const description = points
    .map((p) => `${p.at.slice(0, 16).replace("T", " ")} UTC ${p.state}: ${formatRunMs(p.value)}`)
    .join("; ");
  return (
    <figure className="space-y-1">
      <figcaption className="flex justify-between text-sm">
        <span className="font-medium">{title}</span>
        <span className="tabular text-xs text-muted">
          max {formatRunMs(maxMs)} · last {formatRunMs(points.at(-1)!.value)}
        </span>
      </figcaption>
      <svg
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        viewBox={`0 0 ${W} ${H}`}
        className="w-full max-w-md rounded border border-border"
      >
        <title id={titleId}>{title}</title>
        <desc id={descId}>{description}</desc>
        <g transform={`translate(${PAD} ${PAD})`}>
          <line x1={0} x2={W - 2 * PAD} y1={H - 2 * PAD} y2={H - 2 * PAD} className="stroke-border" />
          {points.length > 1 && (
            <polyline
              points={points.map((p) => `${p.x},${p.y}`).join(" ")}
              fill="none"
              strokeWidth={2}
              className="stroke-accent"
            />
          )}
          {points.map((p) => (
            <circle
              key={p.runId}
              cx={p.x}
              cy={p.y}
              r={3}
              className={p.state === "succeeded" ? "fill-accent" : "fill-danger"}
            />
          ))}
        </g>
      </svg>
    </figure>
  );
}
