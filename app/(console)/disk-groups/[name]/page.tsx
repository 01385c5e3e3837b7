import { connection } from "next/server";
import { DiskGroupDetail } from "@/app/(console)/disk-groups/[name]/_components/disk-group-detail";
import { Panel } from "@/components/panel";
import { QueryBoundary } from "@/components/query-boundary";
import { roleAllows } from "@/lib/roles";
import { requirePageCaller } from "@/server/auth/page-caller";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

export default async function DiskGroupPage({ params }: { params: Promise<{ name: string }> }) {
  await connection();
  const name = decodeURIComponent((await params).name);
  const caller = await requirePageCaller(`/disk-groups/${encodeURIComponent(name)}`);
  prefetch(trpc.diskGroup.get.queryOptions({ name }));
  prefetch(trpc.host.list.queryOptions());
  return (
    <HydrateClient>
      <QueryBoundary errorTitle={`Could not load disk group ${name}`} fallback={<DiskGroupPageSkeleton name={name} />}>
        <DiskGroupDetail name={name} canAct={roleAllows(caller.role, "operator")} />
      </QueryBoundary>
    </HydrateClient>
  );
}

function DiskGroupPageSkeleton({ name }: { name: string }) {
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold tracking-tight">Disk group {name}</h1>
      <div className="space-y-6">
        <Panel title="Disk group">
          <Panel.Skeleton rows={3} />
        </Panel>
        <Panel title="Volumes">
          <Panel.Skeleton rows={5} />
        </Panel>
      </div>
    </>
  );
}
