"use client";
// The planner: masters from inventories (checkboxes) and typed sizes in, the plan (table, chart,
// shadow space) out, and for operators the creation of the bitmap volumes. The selection lives in
// the URL; it is written with history.replaceState, which Next keeps in sync with its router
// without a server round trip per keystroke.
import { useQueries, useSuspenseQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { CreateBitmapsPanel } from "@/app/(console)/planner/_components/create-bitmaps-panel";
import { PlanChart } from "@/app/(console)/planner/_components/plan-chart";
import { PlanTable } from "@/app/(console)/planner/_components/plan-table";
import { ShadowCapacity } from "@/app/(console)/planner/_components/shadow-capacity";
import { VolumePicker } from "@/app/(console)/planner/_components/volume-picker";
import { EmptyState } from "@/components/empty-state";
import { HydratedFieldset } from "@/components/hydrated-fieldset";
import { Panel } from "@/components/panel";
import { useLivePollInterval } from "@/components/use-live-poll-interval";
import type { Inventory } from "@/lib/agent-protocol";
import { type PlanInput, parseTypedSizes, planBitmaps } from "@/lib/bitmap-plan";
import { type PlannerParams, parseVolumeKey, plannerQuery } from "@/lib/planner-params";
import { useTRPC } from "@/trpc/client";

export function PlannerView({ initial, canCreate }: { initial: PlannerParams; canCreate: boolean }) {
  const trpc = useTRPC();
  const interval = useLivePollInterval();
  const { data: hostList } = useSuspenseQuery(trpc.host.list.queryOptions());
  const hosts = hostList.map((h) => h.name);
  const details = useQueries({
    queries: hosts.map((name) => ({ ...trpc.host.get.queryOptions({ name }), refetchInterval: interval })),
  });
  const inventories: Record<string, Inventory | null | undefined> = Object.fromEntries(
    hosts.map((h, i) => [h, details[i]?.data?.inventory]),
  );

  const [params, setParams] = useState<PlannerParams>({ ...initial, from: initial.from ?? hosts[0] });
  const sizesId = useId();
  const changeId = useId();

  useEffect(() => {
    window.history.replaceState(null, "", `/planner${plannerQuery(params)}`);
  }, [params]);

  const chosen: PlanInput[] = [];
  const missing: string[] = [];
  for (const key of params.volumes) {
    const ref = parseVolumeKey(key);
    const inventory = ref ? inventories[ref.host] : undefined;
    const volume = inventory?.diskGroups
      .find((dg) => dg.name === ref?.diskGroup)
      ?.volumes.find((v) => v.name === ref?.volume);
    if (ref && volume) {
      const label =
        hosts.length > 1 ? `${ref.diskGroup}/${ref.volume} (${ref.host})` : `${ref.diskGroup}/${ref.volume}`;
      chosen.push({ key, label, masterName: ref.volume, masterBytes: volume.sizeBytes });
    } else if (inventory !== undefined) {
      missing.push(key); // loaded, and the volume is not in it
    }
  }
  const typed = parseTypedSizes(params.sizes);
  const plan = planBitmaps([...chosen, ...typed.sizes], params.changePercent);

  return (
    <div className="space-y-6">
      <Panel title="Masters">
        <div className="grid gap-6 lg:grid-cols-[3fr_2fr]">
          <HydratedFieldset>
            <VolumePicker
              hosts={hosts}
              from={params.from}
              inventory={params.from ? inventories[params.from] : undefined}
              selected={params.volumes}
              onFromChange={(from) => setParams((p) => ({ ...p, from }))}
              onToggle={(key, checked) =>
                setParams((p) => ({
                  ...p,
                  volumes: checked ? [...p.volumes.filter((v) => v !== key), key] : p.volumes.filter((v) => v !== key),
                }))
              }
            />
            <div className="space-y-4">
              <div className="space-y-1">
                <label htmlFor={sizesId} className="block text-sm font-medium">
                  Or type master sizes
                </label>
                <textarea
                  id={sizesId}
                  rows={3}
                  value={params.sizes}
                  onChange={(e) => setParams((p) => ({ ...p, sizes: e.target.value }))}
                  placeholder="100G, 2T, 64M"
                  spellCheck={false}
                  aria-describedby={`${sizesId}-hint ${sizesId}-errors`}
                  aria-invalid={typed.invalid.length > 0 ? true : undefined}
                  className="w-full rounded-md border border-border bg-background px-3 py-2 font-mono text-sm"
                />
                <p id={`${sizesId}-hint`} className="text-xs text-muted">
                  Separated by commas or spaces; binary units (K, M, G, T; s = 512-byte sectors).
                </p>
                {/* The live region is always there, so adding errors to it is announced. */}
                <div id={`${sizesId}-errors`} role="alert">
                  {typed.invalid.length > 0 && (
                    <ul className="space-y-0.5 text-sm text-danger">
                      {typed.invalid.map((entry) => (
                        <li key={entry.text}>{entry.message}</li>
                      ))}
                    </ul>
                  )}
                </div>
              </div>
              <div className="space-y-1">
                <label htmlFor={changeId} className="block text-sm font-medium">
                  Expected change while a compact shadow lives (%)
                </label>
                <input
                  id={changeId}
                  type="number"
                  min={0}
                  max={100}
                  value={params.changePercent}
                  onChange={(e) => {
                    const value = Number(e.target.value);
                    if (Number.isFinite(value) && value >= 0 && value <= 100)
                      setParams((p) => ({ ...p, changePercent: value }));
                  }}
                  className="w-28 rounded-md border border-border bg-background px-3 py-2 text-sm"
                />
              </div>
            </div>
          </HydratedFieldset>
        </div>
        {missing.length > 0 && (
          <p className="mt-3 text-sm text-warning">No longer in the inventory: {missing.join(", ")}.</p>
        )}
      </Panel>

      <Panel title="Plan">
        {plan.rows.length === 0 ? (
          <EmptyState title="Nothing to plan yet">Tick volumes above or type sizes such as 100G.</EmptyState>
        ) : (
          <div className="space-y-6">
            <PlanTable plan={plan} changePercent={params.changePercent} />
            <PlanChart plan={plan} />
          </div>
        )}
      </Panel>

      {plan.rows.length > 0 && (
        <Panel title="Shadow capacity">
          <ShadowCapacity plan={plan} changePercent={params.changePercent} />
        </Panel>
      )}

      <Panel title="Create the planned bitmap volumes">
        {canCreate ? (
          <CreateBitmapsPanel plan={plan} hosts={hosts} inventories={inventories} defaultHost={params.from} />
        ) : (
          <p className="text-sm text-muted">Operators can create these bitmap volumes here; your role can plan only.</p>
        )}
      </Panel>
    </div>
  );
}
