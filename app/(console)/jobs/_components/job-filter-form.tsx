"use client";
// Host and state filters, kept in the URL (?host=prod&state=running) so a filtered list can be
// bookmarked and shared. Changing a select navigates at once.
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId } from "react";
import { type JobFilters, jobFiltersQuery } from "@/lib/job-filters";
import { isJobState, jobStates } from "@/lib/job-states";
import { useTRPC } from "@/trpc/client";

const selectClass = "rounded-md border border-border bg-background px-2 py-1 text-sm";

export function JobFilterForm({ filters }: { filters: JobFilters }) {
  const trpc = useTRPC();
  const router = useRouter();
  const hosts = useQuery(trpc.host.list.queryOptions());
  const hostId = useId();
  const stateId = useId();

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
        {filters.host && !hosts.data?.some((h) => h.name === filters.host) && (
          <option value={filters.host}>{filters.host}</option>
        )}
        {hosts.data?.map((h) => (
          <option key={h.id} value={h.name}>
            {h.name}
          </option>
        ))}
      </select>
      <label htmlFor={stateId} className="text-muted">
        State
      </label>
      <select
        id={stateId}
        value={filters.state ?? ""}
        onChange={(e) => go({ ...filters, state: isJobState(e.target.value) ? e.target.value : undefined })}
        className={selectClass}
      >
        <option value="">All states</option>
        {jobStates.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
    </form>
  );
}
