import { connection } from "next/server";
import { OverviewDiskGroups } from "@/app/(console)/_components/overview-disk-groups";
import { OverviewFailures } from "@/app/(console)/_components/overview-failures";
import { OverviewHosts } from "@/app/(console)/_components/overview-hosts";
import { OverviewRunbooks } from "@/app/(console)/_components/overview-runbooks";
import { OverviewRunningJobs } from "@/app/(console)/_components/overview-running-jobs";
import { OverviewSets } from "@/app/(console)/_components/overview-sets";
import { Panel } from "@/components/panel";
import { QueryBoundary } from "@/components/query-boundary";
import { recentFailedJobsInput, recentInterruptedJobsInput } from "@/lib/recent-failures";
import { requirePageCaller } from "@/server/auth/page-caller";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

export default async function OverviewPage() {
  // Live data: render per request, never prerender at build time (the build has no database).
  await connection();
  await requirePageCaller("/");
  prefetch(trpc.host.list.queryOptions());
  prefetch(trpc.diskGroup.everywhere.queryOptions());
  prefetch(trpc.set.everywhere.queryOptions({}));
  prefetch(trpc.job.list.queryOptions({ state: "running" }));
  prefetch(trpc.job.list.queryOptions({ state: "queued" }));
  prefetch(trpc.job.list.queryOptions(recentFailedJobsInput));
  prefetch(trpc.job.list.queryOptions(recentInterruptedJobsInput));
  prefetch(trpc.runbook.list.queryOptions());

  return (
    <HydrateClient>
      <h1 className="mb-6 text-2xl font-semibold tracking-tight">Overview</h1>
      <div className="grid gap-6 lg:grid-cols-2">
        <Panel title="Hosts">
          <QueryBoundary errorTitle="Could not load the hosts" fallback={<Panel.Skeleton rows={3} />}>
            <OverviewHosts />
          </QueryBoundary>
        </Panel>
        <Panel title="Disk groups">
          <QueryBoundary errorTitle="Could not load the disk groups" fallback={<Panel.Skeleton rows={3} />}>
            <OverviewDiskGroups />
          </QueryBoundary>
        </Panel>
        <Panel title="Volume sets by state">
          <QueryBoundary errorTitle="Could not load the sets" fallback={<Panel.Skeleton rows={2} />}>
            <OverviewSets />
          </QueryBoundary>
        </Panel>
        <Panel title="Running jobs">
          <QueryBoundary errorTitle="Could not load the running jobs" fallback={<Panel.Skeleton rows={2} />}>
            <OverviewRunningJobs />
          </QueryBoundary>
        </Panel>
        <Panel title="Runbooks" className="lg:col-span-2">
          <QueryBoundary errorTitle="Could not load the runbooks" fallback={<Panel.Skeleton rows={2} />}>
            <OverviewRunbooks />
          </QueryBoundary>
        </Panel>
        <Panel title="Recent failures" className="lg:col-span-2">
          <QueryBoundary errorTitle="Could not load the failed jobs" fallback={<Panel.Skeleton rows={2} />}>
            <OverviewFailures />
          </QueryBoundary>
        </Panel>
      </div>
    </HydrateClient>
  );
}
