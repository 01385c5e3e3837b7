// Shadow space the plan needs (docs/instant-image.md §2.1, §3.3): an independent set's shadow is a full
// copy, so at least the master's size; a compact dependent shadow holds only the chunks that
// change while it lives, so its size is a bet on the change rate, with the master as the worst case.
import { Bytes } from "@/app/(console)/planner/_components/plan-table";
import type { BitmapPlan } from "@/lib/bitmap-plan";

export function ShadowCapacity({ plan, changePercent }: { plan: BitmapPlan; changePercent: number }) {
  return (
    <dl className="grid gap-4 text-sm sm:grid-cols-2">
      <div className="rounded-md border border-border p-3" data-testid="shadow-independent">
        <dt className="font-medium">Independent sets (full shadows)</dt>
        <dd className="mt-1 text-2xl font-semibold">
          <Bytes bytes={plan.totals.masterBytes} />
        </dd>
        <dd className="mt-1 text-muted">
          Each shadow is a complete copy and must be at least as large as its master, so the shadows need the sum of the
          master sizes. Dependent sets with full-size shadows need the same.
        </dd>
      </div>
      <div className="rounded-md border border-border p-3" data-testid="shadow-compact">
        <dt className="font-medium">Compact dependent sets, if {changePercent}% of each master changes</dt>
        <dd className="mt-1 text-2xl font-semibold">
          <Bytes bytes={plan.totals.compactShadowBytes} />
        </dd>
        <dd className="mt-1 text-muted">
          A compact shadow is smaller than its master and stores only the 32 KiB chunks written since the point in time,
          found through the bitmap&apos;s chunk index. The figure rounds each master&apos;s changed part up to whole
          chunks. If more changes than planned the set goes &quot;out of space&quot; unless an overflow volume is
          attached; the worst case is the masters&apos; full size (<Bytes bytes={plan.totals.masterBytes} />
          ).
        </dd>
      </div>
    </dl>
  );
}
