import type { DiskGroupData } from "@/app/(console)/disk-groups/[name]/_components/disk-group-output";
import { Cell, ColumnHeader, DataTable, Row, RowHeader, TableHead } from "@/components/data-table";
import { EmptyState } from "@/components/empty-state";
import { FileSystemLabel } from "@/components/file-system-label";
import { StatusBadge } from "@/components/status-badge";
import { formatByteSize } from "@/lib/byte-size";

export function DiskGroupVolumes({ dg }: { dg: DiskGroupData }) {
  if (dg.volumes.length === 0) {
    return <EmptyState title="No volumes">Disk group {dg.name} has no volumes yet.</EmptyState>;
  }
  return (
    <DataTable caption={`Volumes of disk group ${dg.name}`}>
      <TableHead>
        <ColumnHeader>Volume</ColumnHeader>
        <ColumnHeader align="right">Size</ColumnHeader>
        <ColumnHeader>Kind</ColumnHeader>
        <ColumnHeader>File system</ColumnHeader>
        <ColumnHeader>Role</ColumnHeader>
        <ColumnHeader>Path</ColumnHeader>
        <ColumnHeader>Used by</ColumnHeader>
      </TableHead>
      <tbody>
        {dg.volumes.map((volume) => (
          <Row key={volume.path} data-testid={`volume-row-${volume.name}`}>
            <RowHeader>{volume.name}</RowHeader>
            <Cell align="right" className="tabular">
              <span data-testid="volume-size">{formatByteSize(volume.sizeBytes)}</span>
              <span className="block text-xs text-muted" data-testid="volume-bytes">
                {volume.sizeBytes} bytes
              </span>
            </Cell>
            <Cell>{volume.kind === "block" ? "block device" : "file"}</Cell>
            <Cell>
              <FileSystemLabel sharing={volume.sharing} />
            </Cell>
            <Cell>{volume.role === "bitmap" ? <StatusBadge tone="info">bitmap</StatusBadge> : "data"}</Cell>
            <Cell className="break-all font-mono text-xs text-muted">{volume.path}</Cell>
            <Cell>
              {volume.usedBy.length === 0 ? (
                <span className="text-muted">free</span>
              ) : (
                <ul>
                  {volume.usedBy.map((use) => (
                    <li key={use.host}>
                      <span className="text-muted">{use.host}:</span> {use.reason}
                    </li>
                  ))}
                </ul>
              )}
            </Cell>
          </Row>
        ))}
      </tbody>
    </DataTable>
  );
}
