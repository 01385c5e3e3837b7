"use client";
// Masters from one host's inventory: a host select and, per disk group, a checkbox per data volume.
// Bitmap volumes are left out (they are never masters). Selections on other hosts stay selected.
import { useId } from "react";
import type { Inventory } from "@/lib/agent-protocol";
import { formatByteSize } from "@/lib/byte-size";
import { volumeKey } from "@/lib/planner-params";

const selectClass = "rounded-md border border-border bg-background px-2 py-1 text-sm";

export function VolumePicker({
  hosts,
  from,
  inventory,
  selected,
  onFromChange,
  onToggle,
}: {
  hosts: string[];
  from: string | undefined;
  inventory: Inventory | null | undefined;
  selected: readonly string[];
  onFromChange: (host: string) => void;
  onToggle: (key: string, checked: boolean) => void;
}) {
  const hostId = useId();
  const groups =
    inventory?.diskGroups.map((dg) => ({ ...dg, volumes: dg.volumes.filter((v) => v.role !== "bitmap") })) ?? [];
  if (hosts.length === 0)
    return <p className="text-sm text-muted">No hosts are enrolled yet, so there is no inventory to choose from.</p>;
  return (
    <div className="space-y-3">
      <div className="flex items-center gap-2 text-sm">
        <label htmlFor={hostId} className="text-muted">
          Inventory of host
        </label>
        <select id={hostId} value={from ?? ""} onChange={(e) => onFromChange(e.target.value)} className={selectClass}>
          {hosts.map((h) => (
            <option key={h} value={h}>
              {h}
            </option>
          ))}
        </select>
      </div>
      {from && inventory === null && <p className="text-sm text-muted">Host {from} has not sent an inventory yet.</p>}
      {inventory && groups.length === 0 && <p className="text-sm text-muted">Host {from} sees no disk groups.</p>}
      <div className="grid gap-3 sm:grid-cols-2">
        {from &&
          groups.map((dg) => (
            <fieldset key={dg.name} className="rounded-md border border-border p-3">
              <legend className="px-1 text-sm font-medium">
                Disk group {dg.name}{" "}
                <span className="font-normal text-muted">{dg.owner ? `(imported by ${dg.owner})` : "(deported)"}</span>
              </legend>
              {dg.volumes.length === 0 && <p className="text-sm text-muted">No data volumes.</p>}
              <ul className="space-y-1">
                {dg.volumes.map((v) => {
                  const key = volumeKey({ host: from, diskGroup: dg.name, volume: v.name });
                  return (
                    <li key={v.name}>
                      <label className="flex items-center gap-2 text-sm">
                        <input
                          type="checkbox"
                          checked={selected.includes(key)}
                          onChange={(e) => onToggle(key, e.target.checked)}
                        />
                        <span className="font-mono">
                          {dg.name}/{v.name}
                        </span>
                        <span className="tabular text-muted">{formatByteSize(v.sizeBytes)}</span>
                      </label>
                    </li>
                  );
                })}
              </ul>
            </fieldset>
          ))}
      </div>
    </div>
  );
}
