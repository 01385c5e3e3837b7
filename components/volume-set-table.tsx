// The volume sets on a host (host page) or on a disk group's volumes (disk-group page): one table,
// each shadow linking to its set page. Columns that a caller's rows do not carry are left out.
import Link from "next/link";
import { ConsistencyBadge } from "@/components/consistency-badge";
import { SetStateBadge } from "@/components/set-state-badge";
import { setModeLabel } from "@/lib/set-badges";
import { groupHref, setHref } from "@/lib/set-route";
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

const th = "py-1 pr-3 font-medium";
const td = "py-2 pr-3";

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
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="text-muted">
          <tr>
            <th scope="col" className={th}>
              Shadow (set)
            </th>
            {showHost && (
              <th scope="col" className={th}>
                Host
              </th>
            )}
            <th scope="col" className={th}>
              Master
            </th>
            {showBitmap && (
              <th scope="col" className={th}>
                Bitmap
              </th>
            )}
            <th scope="col" className={th}>
              Mode
            </th>
            {showConsistency && (
              <th scope="col" className={th}>
                Consistency
              </th>
            )}
            <th scope="col" className={th}>
              Group
            </th>
            {showState && (
              <th scope="col" className={th}>
                State
              </th>
            )}
            {showPercent && (
              <th scope="col" className={`${th} text-right`}>
                Bitmap set
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {sets.map((set) => (
            <tr key={`${set.host}:${set.shadow}`} className="border-t border-border" data-set={set.shadow}>
              <th scope="row" className={`${td} font-normal`}>
                <Link
                  href={setHref(set.host, set.shadow)}
                  className="break-all font-mono text-xs underline underline-offset-2"
                >
                  {set.shadow}
                </Link>
              </th>
              {showHost && <td className={td}>{set.host}</td>}
              <td className={`${td} break-all font-mono text-xs`}>{set.master}</td>
              {showBitmap && <td className={`${td} break-all font-mono text-xs`}>{set.bitmap}</td>}
              <td className={td}>{set.mode === "ind" || set.mode === "dep" ? setModeLabel(set.mode) : set.mode}</td>
              {showConsistency && (
                <td className={td}>
                  {set.consistencyMode && <ConsistencyBadge set={{ changeDetection: set.consistencyMode }} />}
                </td>
              )}
              <td className={td}>
                {set.group ? (
                  <Link href={groupHref(set.host, set.group)} className="underline underline-offset-2">
                    {set.group}
                  </Link>
                ) : (
                  <span className="text-muted">none</span>
                )}
              </td>
              {showState && <td className={td}>{set.state && <SetStateBadge state={set.state} />}</td>}
              {showPercent && <td className={`${td} tabular text-right`}>{set.bitmapSetPercent} %</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
