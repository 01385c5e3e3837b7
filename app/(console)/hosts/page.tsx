import { connection } from "next/server";
import { EnrolmentTokenPanel } from "@/app/(console)/hosts/_components/enrolment-token-panel";
import { HostTable } from "@/app/(console)/hosts/_components/host-table";
import { Panel } from "@/components/panel";
import { QueryBoundary } from "@/components/query-boundary";
import { roleAllows } from "@/lib/roles";
import { requirePageCaller } from "@/server/auth/page-caller";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

export default async function HostsPage() {
  await connection();
  const caller = await requirePageCaller("/hosts");
  prefetch(trpc.host.list.queryOptions());
  return (
    <HydrateClient>
      <h1 className="mb-6 text-2xl font-semibold tracking-tight">Hosts</h1>
      <div className="space-y-6">
        <Panel title="Enrolled hosts">
          <QueryBoundary errorTitle="Could not load the hosts" fallback={<Panel.Skeleton rows={3} />}>
            <HostTable />
          </QueryBoundary>
        </Panel>
        {/* Admins only; the API refuses other roles anyway. */}
        {roleAllows(caller.role, "admin") && <EnrolmentTokenPanel />}
      </div>
    </HydrateClient>
  );
}
