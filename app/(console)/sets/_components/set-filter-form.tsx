"use client";
// Host, I/O group and state filters, kept in the URL (/sets?host=prod&group=nightly&state=copying)
// so a filtered list can be bookmarked and shared. Changing a select navigates at once.
import { useRouter } from "next/navigation";
import { useId } from "react";
import { isSetState, type SetFilters, setFiltersQuery } from "@/lib/set-filters";
import { setStates } from "@/lib/set-state";

const selectClass = "rounded-md border border-border bg-background px-2 py-1 text-sm";

export function SetFilterForm({ filters, hosts, groups }: { filters: SetFilters; hosts: string[]; groups: string[] }) {
  const router = useRouter();
  const hostId = useId();
  const groupId = useId();
  const stateId = useId();
  const go = (next: SetFilters) => router.push(`/sets${setFiltersQuery(next)}`);
  const withCurrent = (list: string[], current: string | undefined) =>
    current && !list.includes(current) ? [current, ...list] : list;

  return (
    <form
      role="search"
      aria-label="Filter sets"
      className="flex flex-wrap items-center gap-3 text-sm"
      onSubmit={(e) => e.preventDefault()}
    >
      <label htmlFor={hostId} className="text-muted">
        Host
      </label>
      <select
        id={hostId}
        value={filters.host ?? ""}
        onChange={(e) => go({ ...filters, host: e.target.value || undefined })}
        className={selectClass}
      >
        <option value="">All hosts</option>
        {withCurrent(hosts, filters.host).map((h) => (
          <option key={h} value={h}>
            {h}
          </option>
        ))}
      </select>
      <label htmlFor={groupId} className="text-muted">
        I/O group
      </label>
      <select
        id={groupId}
        value={filters.group ?? ""}
        onChange={(e) => go({ ...filters, group: e.target.value || undefined })}
        className={selectClass}
      >
        <option value="">All groups</option>
        {withCurrent(groups, filters.group).map((g) => (
          <option key={g} value={g}>
            {g}
          </option>
        ))}
      </select>
      <label htmlFor={stateId} className="text-muted">
        State
      </label>
      <select
        id={stateId}
        value={filters.state ?? ""}
        onChange={(e) => go({ ...filters, state: isSetState(e.target.value) ? e.target.value : undefined })}
        className={selectClass}
      >
        <option value="">All states</option>
        {setStates.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
    </form>
  );
}
