// The volume sets on a host (host page) or on a disk group's volumes (disk-group page): one table,
// each shadow linking to its set page. Columns that a caller's rows do not carry are left out.
import Link from "next/link";
import { ConsistencyBadge } from "@/components/consistency-badge";
import { Cell, ColumnHeader, DataTable, Row, RowHeader, TableHead } from "@/components/data-table";
import { IoGroupLink } from "@/components/io-group-link";
import { SetStateBadge } from "@/components/set-state-badge";
import { setModeLabel } from "@/lib/set-badges";
import { setHref } from "@/lib/set-route";
import type { SetState } from "@/lib/set-state";

export interface VolumeSetRow {
  host: string;
  shadow: string;
  master: string;
  mode: string;
  group: string | null;
  bitmap?: string;
  state?: SetState;
  /** Percent of the bitmap set, 0–100. */
  bitmapSetPercent?: number;
  /** How the set takes its points in time (docs/consistency-modes.md). */
  consistencyMode?: "instant" | "scan";
}

export function VolumeSetTable({
  caption,
  sets,
  showHost = false,
}: {
  caption: string;
  sets: readonly VolumeSetRow[];
  showHost?: boolean;
}) {
  const showBitmap = sets.some((s) => s.bitmap !== undefined);
  const showState = sets.some((s) => s.state !== undefined);
  const showPercent = sets.some((s) => s.bitmapSetPercent !== undefined);
  const showConsistency = sets.some((s) => s.consistencyMode !== undefined);
  return (
    <DataTable caption={caption}>
      <TableHead>
        <ColumnHeader>Shadow (set)</ColumnHeader>
        {showHost && <ColumnHeader>Host</ColumnHeader>}
        <ColumnHeader>Master</ColumnHeader>
        {showBitmap && <ColumnHeader>Bitmap</ColumnHeader>}
        <ColumnHeader>Mode</ColumnHeader>
        {showConsistency && <ColumnHeader>Consistency</ColumnHeader>}
        <ColumnHeader>Group</ColumnHeader>
        {showState && <ColumnHeader>State</ColumnHeader>}
        {showPercent && <ColumnHeader align="right">Bitmap set</ColumnHeader>}
      </TableHead>
      <tbody>
        {sets.map((set) => (
          <Row key={`${set.host}:${set.shadow}`} data-set={set.shadow}>
            <RowHeader weight="normal">
              <Link
                href={setHref(set.host, set.shadow)}
                className="break-all font-mono text-xs underline underline-offset-2"
              >
                {set.shadow}
              </Link>
            </RowHeader>
            {showHost && <Cell>{set.host}</Cell>}
            <Cell className="break-all font-mono text-xs">{set.master}</Cell>
            {showBitmap && <Cell className="break-all font-mono text-xs">{set.bitmap}</Cell>}
            <Cell>{set.mode === "ind" || set.mode === "dep" ? setModeLabel(set.mode) : set.mode}</Cell>
            {showConsistency && (
              <Cell>{set.consistencyMode && <ConsistencyBadge set={{ changeDetection: set.consistencyMode }} />}</Cell>
            )}
            <Cell>
              <IoGroupLink host={set.host} group={set.group} />
            </Cell>
            {showState && <Cell>{set.state && <SetStateBadge state={set.state} />}</Cell>}
            {showPercent && (
              <Cell align="right" className="tabular">
                {set.bitmapSetPercent} %
              </Cell>
            )}
          </Row>
        ))}
      </tbody>
    </DataTable>
  );
}
