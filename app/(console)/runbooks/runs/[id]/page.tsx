import { connection } from "next/server";
import { RunDetail } from "@/app/(console)/runbooks/runs/[id]/_components/run-detail";
import { Panel } from "@/components/panel";
import { QueryBoundary } from "@/components/query-boundary";
import { roleAllows } from "@/lib/roles";
import { runHref } from "@/lib/runbook-route";
import { requirePageCaller } from "@/server/auth/page-caller";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  const { id } = await params;
  const caller = await requirePageCaller(runHref(id));
  prefetch(trpc.runbook.runGet.queryOptions({ id }));
  return (
    <HydrateClient>
      <QueryBoundary
        errorTitle={`Could not load run ${id}`}
        fallback={
          <>
            <h1 className="mb-6 text-2xl font-semibold tracking-tight">Run {id}</h1>
            <Panel title="Timeline">
              <Panel.Skeleton rows={8} />
            </Panel>
          </>
        }
      >
        <RunDetail id={id} canAct={roleAllows(caller.role, "operator")} />
      </QueryBoundary>
    </HydrateClient>
  );
}
