import { connection } from "next/server";
import { JobFilterForm } from "@/app/(console)/jobs/_components/job-filter-form";
import { JobTable } from "@/app/(console)/jobs/_components/job-table";
import { Panel } from "@/components/panel";
import { QueryBoundary } from "@/components/query-boundary";
import { jobFiltersQuery, parseJobFilters } from "@/lib/job-filters";
import { requirePageCaller } from "@/server/auth/page-caller";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

export default async function JobsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const filters = parseJobFilters(await searchParams);
  await requirePageCaller(`/jobs${jobFiltersQuery(filters)}`);
  prefetch(trpc.job.list.queryOptions(filters));
  prefetch(trpc.host.list.queryOptions());
  return (
    <HydrateClient>
      <h1 className="mb-6 text-2xl font-semibold tracking-tight">Jobs</h1>
      <Panel title="Job history" actions={<JobFilterForm filters={filters} />}>
        {/* Keyed by the filters: a new filter shows the skeleton, not the old rows. */}
        <QueryBoundary
          key={jobFiltersQuery(filters)}
          errorTitle="Could not load the jobs"
          fallback={<Panel.Skeleton rows={6} />}
        >
          <JobTable filters={filters} />
        </QueryBoundary>
      </Panel>
    </HydrateClient>
  );
}
