// II's "Percent of bitmap set" (docs/instant-image.md §4.1) as a bar: how much of the set
// differs from its last point in time, or is still to copy. A meter, not a progress bar: it
// measures a quantity and can grow as well as fall.
import { percentOfBitmapSet } from "@/lib/set-status";

export function BitmapMeter({
  set,
  label,
}: {
  set: { bitsSet: number; chunks: number; shadow: string };
  label?: string;
}) {
  const percent = percentOfBitmapSet(set);
  return (
    <div className="flex min-w-28 items-center gap-2">
      <div
        role="meter"
        aria-label={label ?? `Percent of bitmap set for ${set.shadow}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent} % of the bitmap set (${set.bitsSet} of ${set.chunks} chunks)`}
        className="h-2 w-full overflow-hidden rounded-full bg-neutral-soft"
      >
        <div className="h-full rounded-full bg-warning" style={{ width: `${percent}%` }} />
      </div>
      <span className="tabular w-10 text-right text-xs">{percent} %</span>
    </div>
  );
}
