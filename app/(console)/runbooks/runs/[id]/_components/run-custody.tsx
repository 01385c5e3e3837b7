// Who held the snapshot disk group, from when (docs/architecture.md §5: two hosts never hold it at once).
import { stepTitle } from "@/app/(console)/runbooks/_components/last-run-cell";
import { Cell, ColumnHeader, DataTable, Row, RowHeader, TableHead } from "@/components/data-table";
import { EmptyState } from "@/components/empty-state";
import { formatUtc } from "@/components/relative-time";
import type { RunDetail } from "@/server/runbooks/run-select";

export function RunCustody({ run }: { run: Pick<RunDetail, "custody" | "spec"> }) {
  if (run.custody.length === 0)
    return <EmptyState title="No custody recorded">The run has not touched the disk group.</EmptyState>;
  const current = run.custody.at(-1)!;
  return (
    <div className="space-y-2">
      <p className="text-sm">
        <span className="font-mono">{run.spec.snapshotDiskGroup}</span> is{" "}
        {current.holder ? (
          <>
            held by <strong>{current.holder}</strong>
          </>
        ) : (
          <strong>deported (held by nobody)</strong>
        )}{" "}
        as far as this run knows.
      </p>
      <DataTable caption={`Holders of disk group ${run.spec.snapshotDiskGroup}, oldest first`}>
        <TableHead>
          <ColumnHeader>From</ColumnHeader>
          <ColumnHeader>Holder</ColumnHeader>
          <ColumnHeader>Step</ColumnHeader>
          <ColumnHeader>Note</ColumnHeader>
        </TableHead>
        <tbody>
          {run.custody.map((c, i) => (
            <Row key={i} data-holder={c.holder ?? "nobody"}>
              <Cell className="text-xs">{formatUtc(c.at)}</Cell>
              <RowHeader>{c.holder ?? <span className="font-normal text-muted">nobody</span>}</RowHeader>
              <Cell>{c.stepKey === "start" ? "start" : stepTitle(c.stepKey)}</Cell>
              <Cell className="text-xs text-muted">{c.note}</Cell>
            </Row>
          ))}
        </tbody>
      </DataTable>
    </div>
  );
}
