// The plan as a table: per master its size and the bitmap volume each kind of set needs, with the
// totals in the footer. Each figure is a <data> element carrying the exact byte count, so a copy
// or a test reads the number that was rounded for display.
import { Cell, ColumnHeader, DataTable, Row, RowHeader, TableHead } from "@/components/data-table";
import type { BitmapPlan } from "@/lib/bitmap-plan";
import { formatByteSize } from "@/lib/byte-size";

export function Bytes({ bytes }: { bytes: number }) {
  return (
    <data value={bytes} title={`${bytes.toLocaleString("en-US")} bytes`} className="tabular">
      {formatByteSize(bytes)}
    </data>
  );
}

export function PlanTable({ plan, changePercent }: { plan: BitmapPlan; changePercent: number }) {
  return (
    <DataTable aria-label="Bitmap sizes per master">
      <TableHead>
        <ColumnHeader>Master</ColumnHeader>
        <ColumnHeader align="right">Master size</ColumnHeader>
        <ColumnHeader align="right">Bitmap, independent</ColumnHeader>
        <ColumnHeader align="right">Bitmap, compact dependent</ColumnHeader>
        <ColumnHeader align="right">Compact shadow at {changePercent}% change</ColumnHeader>
      </TableHead>
      <tbody>
        {plan.rows.map((row) => (
          <Row key={row.key} data-plan-row={row.label}>
            <RowHeader weight="normal" className="font-mono">
              {row.label}
            </RowHeader>
            <Cell align="right" data-col="master">
              <Bytes bytes={row.masterBytes} />
            </Cell>
            <Cell align="right" data-col="independent">
              <Bytes bytes={row.independentBytes} />
            </Cell>
            <Cell align="right" data-col="compact">
              <Bytes bytes={row.compactDependentBytes} />
            </Cell>
            <Cell align="right" data-col="compact-shadow">
              <Bytes bytes={row.compactShadowBytes} />
            </Cell>
          </Row>
        ))}
      </tbody>
      <tfoot>
        <Row total data-plan-row="total">
          <RowHeader>Total ({plan.rows.length})</RowHeader>
          <Cell align="right" data-col="master">
            <Bytes bytes={plan.totals.masterBytes} />
          </Cell>
          <Cell align="right" data-col="independent">
            <Bytes bytes={plan.totals.independentBytes} />
          </Cell>
          <Cell align="right" data-col="compact">
            <Bytes bytes={plan.totals.compactDependentBytes} />
          </Cell>
          <Cell align="right" data-col="compact-shadow">
            <Bytes bytes={plan.totals.compactShadowBytes} />
          </Cell>
        </Row>
      </tfoot>
    </DataTable>
  );
}
