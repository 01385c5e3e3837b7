import { connection } from "next/server";
import { Panel } from "@/components/panel";
import { QueryBoundary } from "@/components/query-boundary";
import { roleAllows } from "@/lib/roles";
import { groupHref, routeParam } from "@/lib/set-route";
import { requirePageCaller } from "@/server/auth/page-caller";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";
import { GroupDetail } from "./_components/group-detail";

export default async function GroupPage({ params }: { params: Promise<{ host: string; group: string }> }) {
  await connection();
  const raw = await params;
  const host = routeParam(raw.host);
  const group = routeParam(raw.group);
  const caller = await requirePageCaller(groupHref(host, group));
  prefetch(trpc.set.info.queryOptions({ host, target: { kind: "group", group } }));
  return (
    <HydrateClient>
      <QueryBoundary
        errorTitle={`Could not load I/O group ${group} on ${host}`}
        fallback={
          <>
            <h1 className="mb-6 text-2xl font-semibold tracking-tight">I/O group {group}</h1>
            <Panel title="Members">
              <Panel.Skeleton rows={4} />
            </Panel>
          </>
        }
      >
        <GroupDetail host={host} group={group} canAct={roleAllows(caller.role, "operator")} />
      </QueryBoundary>
    </HydrateClient>
  );
}
