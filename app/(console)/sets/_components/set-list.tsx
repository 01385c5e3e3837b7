"use client";
// Every set on every host with its state, percent of bitmap set and copy progress, filtered by
// the URL; and the I/O groups those sets form, each linking to its group page.
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { Panel } from "@/components/panel";
import { RefreshErrorNote } from "@/components/refresh-error-note";
import { RelativeTime } from "@/components/relative-time";
import { ConsistencyBadge } from "@/components/consistency-badge";
import { SetStateBadge } from "@/components/set-state-badge";
import { setModeLabel } from "@/lib/set-badges";
import { matchesSetFilters, type SetFilters } from "@/lib/set-filters";
import { groupHref, setHref } from "@/lib/set-route";
import { pointInTimeIso, setStateOf } from "@/lib/set-state";
import { BitmapMeter } from "./bitmap-meter";
import { SetCopyProgress } from "./set-copy-progress";
import { SetFilterForm } from "./set-filter-form";
import { type LiveSet, useLiveSets } from "./use-live-sets";

export function SetList({ filters }: { filters: SetFilters }) {
  const { sets, error } = useLiveSets();
  const shown = sets.filter((s) => matchesSetFilters(s, filters));
  const hosts = [...new Set(sets.map((s) => s.host))];
  const groups = [...new Set(sets.flatMap((s) => (s.group ? [s.group] : [])))].sort();
  const filtered = Object.keys(filters).length > 0;

  return (
    <div className="space-y-6">
      <Panel title="Volume sets" actions={<SetFilterForm filters={filters} hosts={hosts} groups={groups} />}>
        <RefreshErrorNote error={error} />
        {shown.length === 0 ? (
          <EmptyState title={filtered ? "No sets match these filters" : "No volume sets"}>
            {filtered ? (
              <>
                Try another host, group or state, or{" "}
                <Link href="/sets" className="underline">
                  show all sets
                </Link>
                .
              </>
            ) : (
              "No host has an Instant Image set enabled yet."
            )}
          </EmptyState>
        ) : (
          <SetTable sets={shown} />
        )}
      </Panel>
      <GroupList sets={sets.filter((s) => filters.host === undefined || s.host === filters.host)} />
    </div>
  );
}

function SetTable({ sets }: { sets: LiveSet[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Volume sets on every host</caption>
        <thead className="text-muted">
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">
              Set (shadow) and master
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Host
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Mode
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Consistency
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Group
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              State
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Bitmap set
            </th>
            <th scope="col" className="w-1/4 py-1 pr-3 font-medium">
              Copy
            </th>
            <th scope="col" className="py-1 font-medium">
              Point in time
            </th>
          </tr>
        </thead>
        <tbody>
          {sets.map((set) => (
            <tr key={`${set.host}:${set.shadow}`} data-set={set.shadow} className="border-t border-border align-top">
              <th scope="row" className="py-2 pr-3 font-normal">
                <Link
                  href={setHref(set.host, set.shadow)}
                  className="break-all font-mono text-xs font-medium underline underline-offset-2"
                >
                  {set.shadow}
                </Link>
                <div className="break-all font-mono text-xs text-muted">from {set.master}</div>
              </th>
              <td className="py-2 pr-3">{set.host}</td>
              <td className="py-2 pr-3">{setModeLabel(set.mode)}</td>
              <td className="py-2 pr-3">
                <ConsistencyBadge set={set} />
              </td>
              <td className="py-2 pr-3">
                {set.group ? (
                  <Link href={groupHref(set.host, set.group)} className="underline underline-offset-2">
                    {set.group}
                  </Link>
                ) : (
                  <span className="text-muted">none</span>
                )}
              </td>
              <td className="py-2 pr-3">
                <SetStateBadge state={setStateOf(set)} />
              </td>
              <td className="py-2 pr-3">
                <BitmapMeter set={set} />
              </td>
              <td className="py-2 pr-3">
                <SetCopyProgress set={set} idle="idle" />
              </td>
              <td className="py-2">
                <RelativeTime iso={pointInTimeIso(set.mtime)} fallback="unknown" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function GroupList({ sets }: { sets: LiveSet[] }) {
  const groups = new Map<string, { host: string; group: string; members: LiveSet[] }>();
  for (const set of sets) {
    if (!set.group) continue;
    const key = `${set.host}\0${set.group}`;
    const entry = groups.get(key) ?? { host: set.host, group: set.group, members: [] };
    entry.members.push(set);
    groups.set(key, entry);
  }
  return (
    <Panel title="I/O groups">
      {groups.size === 0 ? (
        <EmptyState title="No I/O groups">
          Sets in a group are updated, copied and exported together, at one point in time.
        </EmptyState>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {[...groups.values()].map(({ host, group, members }) => (
            <li key={`${host}:${group}`} className="rounded-md border border-border p-3">
              <Link href={groupHref(host, group)} className="font-medium underline underline-offset-2">
                {group}
              </Link>
              <span className="text-sm text-muted"> on {host}</span>
              <p className="mt-1 text-sm">
                {members.length} {members.length === 1 ? "set" : "sets"}
              </p>
              <ul className="mt-2 flex flex-wrap gap-1">
                {[...new Set(members.map(setStateOf))].map((state) => (
                  <li key={state}>
                    <SetStateBadge state={state} />
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
