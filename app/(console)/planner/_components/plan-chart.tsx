// The plan as horizontal bars: per master, the independent and the compact dependent bitmap size,
// on one linear scale. An image to screen readers, with the same figures as its text alternative
// (the table above carries them too).
import { useId } from "react";
import type { BitmapPlan } from "@/lib/bitmap-plan";
import { formatByteSize } from "@/lib/byte-size";

const LABEL_W = 150;
const BAR_W = 420;
const VALUE_W = 90;
const BAR_H = 12;
const ROW_H = 2 * BAR_H + 14;

export function PlanChart({ plan }: { plan: BitmapPlan }) {
  const titleId = useId();
  const descId = useId();
  const max = Math.max(1, ...plan.rows.map((r) => r.compactDependentBytes));
  // A bar never vanishes: 64 MiB next to 2 TiB would otherwise be 0 px wide.
  const width = (bytes: number) => Math.max(2, (bytes / max) * BAR_W);
  const height = plan.rows.length * ROW_H + 24;
  const description = plan.rows
    .map(
      (r) =>
        `${r.label}: independent ${formatByteSize(r.independentBytes)}, compact dependent ${formatByteSize(r.compactDependentBytes)}`,
    )
    .join("; ");
  return (
    <div className="space-y-2">
      <svg
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        viewBox={`0 0 ${LABEL_W + BAR_W + VALUE_W} ${height}`}
        className="w-full max-w-3xl"
        data-testid="plan-chart"
      >
        <title id={titleId}>Bitmap volume size per master</title>
        <desc id={descId}>{description}</desc>
        {plan.rows.map((row, i) => {
          const y = i * ROW_H;
          return (
            <g key={row.key} transform={`translate(0 ${y})`}>
              <text x={0} y={BAR_H + 4} className="fill-current font-mono text-[11px]">
                {row.label.length > 20 ? `${row.label.slice(0, 19)}…` : row.label}
              </text>
              <rect
                x={LABEL_W}
                y={0}
                width={width(row.independentBytes)}
                height={BAR_H}
                rx={2}
                className="fill-accent"
              />
              <text x={LABEL_W + width(row.independentBytes) + 4} y={BAR_H - 2} className="fill-current text-[10px]">
                {formatByteSize(row.independentBytes)}
              </text>
              <rect
                x={LABEL_W}
                y={BAR_H + 2}
                width={width(row.compactDependentBytes)}
                height={BAR_H}
                rx={2}
                className="fill-info"
              />
              <text
                x={LABEL_W + width(row.compactDependentBytes) + 4}
                y={2 * BAR_H}
                className="fill-current text-[10px]"
              >
                {formatByteSize(row.compactDependentBytes)}
              </text>
            </g>
          );
        })}
      </svg>
      <p className="flex gap-4 text-xs text-muted" aria-hidden="true">
        <span className="flex items-center gap-1">
          <span className="inline-block size-3 rounded-sm bg-accent" /> independent
        </span>
        <span className="flex items-center gap-1">
          <span className="inline-block size-3 rounded-sm bg-info" /> compact dependent
        </span>
      </p>
    </div>
  );
}
