import { connection } from "next/server";
import { Panel } from "@/components/panel";
import { QueryBoundary } from "@/components/query-boundary";
import { roleAllows } from "@/lib/roles";
import { routeParam, setHref, shadowFromSegments } from "@/lib/set-route";
import { requirePageCaller } from "@/server/auth/page-caller";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";
import { SetArchives } from "./_components/set-archives";
import { SetDetail } from "./_components/set-detail";

export default async function SetPage({ params }: { params: Promise<{ host: string; shadow: string[] }> }) {
  await connection();
  const { host: hostParam, shadow: segments } = await params;
  const host = routeParam(hostParam);
  const shadow = shadowFromSegments(segments);
  const caller = await requirePageCaller(setHref(host, shadow));
  prefetch(trpc.set.info.queryOptions({ host, target: { kind: "sets", sets: [shadow] } }));
  prefetch(trpc.host.get.queryOptions({ name: host }));
  prefetch(trpc.runbook.lineage.queryOptions({ shadow }));
  return (
    <HydrateClient>
      <QueryBoundary
        errorTitle={`Could not load set ${shadow} on ${host}`}
        fallback={
          <>
            <h1 className="mb-6 break-all text-2xl font-semibold tracking-tight">Set {shadow}</h1>
            <Panel title="Copy">
              <Panel.Skeleton rows={4} />
            </Panel>
          </>
        }
      >
        <SetDetail host={host} shadow={shadow} canAct={roleAllows(caller.role, "operator")} />
      </QueryBoundary>
      {/* Its own section: lineage stays readable when the host's inventory cannot be loaded. */}
      <div className="mt-6">
        <Panel title="Archives">
          <QueryBoundary errorTitle={`Could not load the archives of ${shadow}`} fallback={<Panel.Skeleton rows={2} />}>
            <SetArchives shadow={shadow} />
          </QueryBoundary>
        </Panel>
      </div>
    </HydrateClient>
  );
}
