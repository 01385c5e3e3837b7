import type { DiskGroupData } from "@/app/(console)/disk-groups/[name]/_components/disk-group-output";
import { EmptyState } from "@/components/empty-state";
import { FileSystemLabel } from "@/components/file-system-label";
import { StatusBadge } from "@/components/status-badge";
import { formatByteSize } from "@/lib/byte-size";

export function DiskGroupVolumes({ dg }: { dg: DiskGroupData }) {
  if (dg.volumes.length === 0) {
    return <EmptyState title="No volumes">Disk group {dg.name} has no volumes yet.</EmptyState>;
  }
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Volumes of disk group {dg.name}</caption>
        <thead className="text-muted">
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">
              Volume
            </th>
            <th scope="col" className="py-1 pr-3 text-right font-medium">
              Size
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Kind
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              File system
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Role
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Path
            </th>
            <th scope="col" className="py-1 font-medium">
              Used by
            </th>
          </tr>
        </thead>
        <tbody>
          {dg.volumes.map((volume) => (
            <tr key={volume.path} className="border-t border-border" data-testid={`volume-row-${volume.name}`}>
              <th scope="row" className="py-2 pr-3 font-medium">
                {volume.name}
              </th>
              <td className="tabular py-2 pr-3 text-right">
                <span data-testid="volume-size">{formatByteSize(volume.sizeBytes)}</span>
                <span className="block text-xs text-muted" data-testid="volume-bytes">
                  {volume.sizeBytes} bytes
                </span>
              </td>
              <td className="py-2 pr-3">{volume.kind === "block" ? "block device" : "file"}</td>
              <td className="py-2 pr-3">
                <FileSystemLabel sharing={volume.sharing} />
              </td>
              <td className="py-2 pr-3">
                {volume.role === "bitmap" ? <StatusBadge tone="info">bitmap</StatusBadge> : "data"}
              </td>
              <td className="break-all py-2 pr-3 font-mono text-xs text-muted">{volume.path}</td>
              <td className="py-2">
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
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
