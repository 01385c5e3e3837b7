// What the run made and drove: the archives (built-in backup) and the sets of its group.
import { Cell, ColumnHeader, DataTable, Row, RowHeader, TableHead } from "@/components/data-table";
import { EmptyState } from "@/components/empty-state";
import { Panel } from "@/components/panel";
import { formatUtc } from "@/components/relative-time";
import type { RunDetail } from "@/server/runbooks/run-select";

export function RunOutputs({ run }: { run: Pick<RunDetail, "archives" | "sets" | "spec" | "archiveLabel"> }) {
  return (
    <>
      <Panel title="Archives">
        {run.archives.length === 0 ? (
          <EmptyState title="No archive">
            {run.spec.backup.kind === "hook"
              ? `The backup is hook ${run.spec.backup.hook}; it keeps its own records.`
              : run.spec.backup.kind === "tape"
                ? `The backup step writes ${run.archiveLabel} to tape ${run.spec.backup.device}.`
                : `The backup step writes ${run.spec.backup.targetDir}/${run.archiveLabel}.`}
          </EmptyState>
        ) : (
          <ul aria-label="Archives of this run" className="space-y-2 text-sm">
            {run.archives.map((a) => (
              <li key={a.id}>
                <span className="break-all font-mono text-xs">{a.dir}</span>{" "}
                <span className="text-muted">on {a.hostName}</span>
                <p className="text-xs text-muted">
                  point in time {a.pointInTime ? formatUtc(a.pointInTime) : "unknown"}
                  {a.deletedAt ? ` · deleted ${formatUtc(a.deletedAt)} (keepArchives)` : ""}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Panel>
      <Panel title="Sets">
        {run.sets.length === 0 ? (
          <EmptyState title="No sets planned">The start check found none.</EmptyState>
        ) : (
          <DataTable density="compact" caption={`Sets of group ${run.spec.group} the run drives`}>
            <TableHead>
              <ColumnHeader>Shadow</ColumnHeader>
              <ColumnHeader>Master</ColumnHeader>
              <ColumnHeader>Secondary bitmap</ColumnHeader>
            </TableHead>
            <tbody>
              {run.sets.map((s) => (
                <Row key={s.shadow}>
                  <RowHeader weight="normal" className="font-mono">
                    {s.shadowRef}
                  </RowHeader>
                  <Cell className="break-all font-mono">{s.master}</Cell>
                  <Cell className="font-mono">{s.secondaryBitmapRef}</Cell>
                </Row>
              ))}
            </tbody>
          </DataTable>
        )}
      </Panel>
    </>
  );
}
