import { connection } from "next/server";
import { RunbookDetail } from "@/app/(console)/runbooks/book/[name]/_components/runbook-detail";
import { Panel } from "@/components/panel";
import { QueryBoundary } from "@/components/query-boundary";
import { roleAllows } from "@/lib/roles";
import { runbookHref } from "@/lib/runbook-route";
import { routeParam } from "@/lib/set-route";
import { requirePageCaller } from "@/server/auth/page-caller";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

// Enough runs for the trend charts to show a pattern; older ones stay in `pitcrew runbook` and the audit log.
const RUN_HISTORY = 50;

export default async function RunbookPage({ params }: { params: Promise<{ name: string }> }) {
  await connection();
  const name = routeParam((await params).name);
  const caller = await requirePageCaller(runbookHref(name));
  prefetch(trpc.runbook.get.queryOptions({ name }));
  prefetch(trpc.runbook.runs.queryOptions({ runbook: name, limit: RUN_HISTORY }));
  return (
    <HydrateClient>
      <QueryBoundary
        errorTitle={`Could not load runbook ${name}`}
        fallback={
          <>
            <h1 className="mb-6 text-2xl font-semibold tracking-tight">{name}</h1>
            <Panel title="Runbook">
              <Panel.Skeleton rows={6} />
            </Panel>
          </>
        }
      >
        <RunbookDetail name={name} canAct={roleAllows(caller.role, "operator")} historyLimit={RUN_HISTORY} />
      </QueryBoundary>
    </HydrateClient>
  );
}
