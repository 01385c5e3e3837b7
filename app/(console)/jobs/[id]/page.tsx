import { connection } from "next/server";
import { JobDetail } from "@/app/(console)/jobs/[id]/_components/job-detail";
import { JobEventLog } from "@/app/(console)/jobs/[id]/_components/job-event-log";
import { Panel } from "@/components/panel";
import { QueryBoundary } from "@/components/query-boundary";
import { roleAllows } from "@/lib/roles";
import { requirePageCaller } from "@/server/auth/page-caller";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

export default async function JobPage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  const { id } = await params;
  const caller = await requirePageCaller(`/jobs/${encodeURIComponent(id)}`);
  prefetch(trpc.job.get.queryOptions({ id }));
  prefetch(trpc.job.events.queryOptions({ id, after: null }));
  return (
    <HydrateClient>
      <QueryBoundary errorTitle={`Could not load job ${id}`} fallback={<Panel.Skeleton rows={6} />}>
        <JobDetail id={id} canCancel={roleAllows(caller.role, "operator")} />
        <div className="mt-6">
          <Panel title="Event log">
            <JobEventLog id={id} />
          </Panel>
        </div>
      </QueryBoundary>
    </HydrateClient>
  );
}
