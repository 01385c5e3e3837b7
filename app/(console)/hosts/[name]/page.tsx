import { connection } from "next/server";
import { HostDetail } from "@/app/(console)/hosts/[name]/_components/host-detail";
import { Panel } from "@/components/panel";
import { QueryBoundary } from "@/components/query-boundary";
import { roleAllows } from "@/lib/roles";
import { requirePageCaller } from "@/server/auth/page-caller";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

export default async function HostPage({ params }: { params: Promise<{ name: string }> }) {
  await connection();
  const name = decodeURIComponent((await params).name);
  const caller = await requirePageCaller(`/hosts/${encodeURIComponent(name)}`);
  prefetch(trpc.host.get.queryOptions({ name }));
  prefetch(trpc.host.list.queryOptions());
  return (
    <HydrateClient>
      <QueryBoundary errorTitle={`Could not load host ${name}`} fallback={<HostPageSkeleton name={name} />}>
        <HostDetail name={name} isAdmin={roleAllows(caller.role, "admin")} />
      </QueryBoundary>
    </HydrateClient>
  );
}

function HostPageSkeleton({ name }: { name: string }) {
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold tracking-tight">Host {name}</h1>
      <Panel title="Agent">
        <Panel.Skeleton rows={4} />
      </Panel>
    </>
  );
}
