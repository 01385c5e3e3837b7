"use client";
// Host, I/O group and state filters, kept in the URL (/sets?host=prod&group=nightly&state=copying)
// so a filtered list can be bookmarked and shared. Changing a select navigates at once.
import { useRouter } from "next/navigation";
import { FilterSelect } from "@/components/filter-select";
import { HydratedFieldset } from "@/components/hydrated-fieldset";
import { isSetState, type SetFilters, setFiltersQuery } from "@/lib/set-filters";
import { setStates } from "@/lib/set-state";

export function SetFilterForm({ filters, hosts, groups }: { filters: SetFilters; hosts: string[]; groups: string[] }) {
  const router = useRouter();
  const go = (next: SetFilters) => router.push(`/sets${setFiltersQuery(next)}`);

  return (
    <form
      role="search"
      aria-label="Filter sets"
      className="flex flex-wrap items-center gap-3 text-sm"
      onSubmit={(e) => e.preventDefault()}
    >
      <HydratedFieldset>
        <FilterSelect
          label="Host"
          allLabel="All hosts"
          value={filters.host}
          options={hosts}
          onChange={(host) => go({ ...filters, host })}
        />
        <FilterSelect
          label="I/O group"
          allLabel="All groups"
          value={filters.group}
          options={groups}
          onChange={(group) => go({ ...filters, group })}
        />
        <FilterSelect
          label="State"
          allLabel="All states"
          value={filters.state}
          options={setStates}
          onChange={(state) => go({ ...filters, state: state && isSetState(state) ? state : undefined })}
        />
      </HydratedFieldset>
    </form>
  );
}
