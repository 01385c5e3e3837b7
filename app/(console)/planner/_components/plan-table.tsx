// The plan as a table: per master its size and the bitmap volume each kind of set needs, with the
// totals in the footer. Each figure is a <data> element carrying the exact byte count, so a copy
// or a test reads the number that was rounded for display.
import type { BitmapPlan } from "@/lib/bitmap-plan";
import { formatByteSize } from "@/lib/byte-size";

export function Bytes({ bytes }: { bytes: number }) {
  return (
    <data value={bytes} title={`${bytes.toLocaleString("en-US")} bytes`} className="tabular">
      {formatByteSize(bytes)}
    </data>
  );
}

const th = "py-1 pr-3 font-medium";
const num = "py-2 pr-3 text-right";

export function PlanTable({ plan, changePercent }: { plan: BitmapPlan; changePercent: number }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" aria-label="Bitmap sizes per master">
        <thead className="text-muted">
          <tr>
            <th scope="col" className={th}>
              Master
            </th>
            <th scope="col" className={`${th} text-right`}>
              Master size
            </th>
            <th scope="col" className={`${th} text-right`}>
              Bitmap, independent
            </th>
            <th scope="col" className={`${th} text-right`}>
              Bitmap, compact dependent
            </th>
            <th scope="col" className={`${th} text-right`}>
              Compact shadow at {changePercent}% change
            </th>
          </tr>
        </thead>
        <tbody>
          {plan.rows.map((row) => (
            <tr key={row.key} data-plan-row={row.label} className="border-t border-border">
              <th scope="row" className="py-2 pr-3 font-mono font-normal">
                {row.label}
              </th>
              <td className={num} data-col="master">
                <Bytes bytes={row.masterBytes} />
              </td>
              <td className={num} data-col="independent">
                <Bytes bytes={row.independentBytes} />
              </td>
              <td className={num} data-col="compact">
                <Bytes bytes={row.compactDependentBytes} />
              </td>
              <td className={num} data-col="compact-shadow">
                <Bytes bytes={row.compactShadowBytes} />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-plan-row="total" className="border-t-2 border-border font-medium">
            <th scope="row" className="py-2 pr-3">
              Total ({plan.rows.length})
            </th>
            <td className={num} data-col="master">
              <Bytes bytes={plan.totals.masterBytes} />
            </td>
            <td className={num} data-col="independent">
              <Bytes bytes={plan.totals.independentBytes} />
            </td>
            <td className={num} data-col="compact">
              <Bytes bytes={plan.totals.compactDependentBytes} />
            </td>
            <td className={num} data-col="compact-shadow">
              <Bytes bytes={plan.totals.compactShadowBytes} />
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
