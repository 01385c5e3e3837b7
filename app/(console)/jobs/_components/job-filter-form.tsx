"use client";
// Host and state filters, kept in the URL (?host=prod&state=running) so a filtered list can be
// bookmarked and shared. Changing a select navigates at once.
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { FilterSelect } from "@/components/filter-select";
import { HydratedFieldset } from "@/components/hydrated-fieldset";
import { type JobFilters, jobFiltersQuery } from "@/lib/job-filters";
import { isJobState, jobStates } from "@/lib/job-states";
import { useTRPC } from "@/trpc/client";

export function JobFilterForm({ filters }: { filters: JobFilters }) {
  const trpc = useTRPC();
  const router = useRouter();
  const hosts = useQuery(trpc.host.list.queryOptions());

  function go(next: JobFilters) {
    router.push(`/jobs${jobFiltersQuery(next)}`);
  }

  return (
    <form
      role="search"
      aria-label="Filter jobs"
      className="flex flex-wrap items-center gap-3 text-sm"
      onSubmit={(e) => e.preventDefault()}
    >
      <HydratedFieldset>
        <FilterSelect
          label="Host"
          allLabel="All hosts"
          value={filters.host}
          options={hosts.data?.map((h) => h.name) ?? []}
          onChange={(host) => go({ ...filters, host })}
        />
        <FilterSelect
          label="State"
          allLabel="All states"
          value={filters.state}
          options={jobStates}
          onChange={(state) => go({ ...filters, state: state && isJobState(state) ? state : undefined })}
        />
      </HydratedFieldset>
    </form>
  );
}
