"use client";
// Every set on every host with its state, percent of bitmap set and copy progress, filtered by
// the URL; and the I/O groups those sets form, each linking to its group page.
import Link from "next/link";
import { Cell, ColumnHeader, DataTable, Row, RowHeader, TableHead } from "@/components/data-table";
import { EmptyState } from "@/components/empty-state";
import { IoGroupLink } from "@/components/io-group-link";
import { Panel } from "@/components/panel";
import { RefreshErrorNote } from "@/components/refresh-error-note";
import { ConsistencyBadge } from "@/components/consistency-badge";
import { SetStateBadge } from "@/components/set-state-badge";
import { setModeLabel } from "@/lib/set-badges";
import { matchesSetFilters, type SetFilters } from "@/lib/set-filters";
import { groupHref, setHref } from "@/lib/set-route";
import { setStateOf } from "@/lib/set-state";
import { SetFilterForm } from "./set-filter-form";
import { SetStatusCells } from "./set-status-cells";
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
    <DataTable caption="Volume sets on every host">
      <TableHead>
        <ColumnHeader>Set (shadow) and master</ColumnHeader>
        <ColumnHeader>Host</ColumnHeader>
        <ColumnHeader>Mode</ColumnHeader>
        <ColumnHeader>Consistency</ColumnHeader>
        <ColumnHeader>Group</ColumnHeader>
        <ColumnHeader>State</ColumnHeader>
        <ColumnHeader>Bitmap set</ColumnHeader>
        <ColumnHeader className="w-1/4">Copy</ColumnHeader>
        <ColumnHeader>Point in time</ColumnHeader>
      </TableHead>
      <tbody>
        {sets.map((set) => (
          <Row key={`${set.host}:${set.shadow}`} className="align-top" data-set={set.shadow}>
            <RowHeader weight="normal">
              <Link
                href={setHref(set.host, set.shadow)}
                className="break-all font-mono text-xs font-medium underline underline-offset-2"
              >
                {set.shadow}
              </Link>
              <div className="break-all font-mono text-xs text-muted">from {set.master}</div>
            </RowHeader>
            <Cell>{set.host}</Cell>
            <Cell>{setModeLabel(set.mode)}</Cell>
            <Cell>
              <ConsistencyBadge set={set} />
            </Cell>
            <Cell>
              <IoGroupLink host={set.host} group={set.group} />
            </Cell>
            <SetStatusCells set={set} />
          </Row>
        ))}
      </tbody>
    </DataTable>
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
