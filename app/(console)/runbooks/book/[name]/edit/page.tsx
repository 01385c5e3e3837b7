import { connection } from "next/server";
import { EditRunbook } from "@/app/(console)/runbooks/book/[name]/edit/_components/edit-runbook";
import { ErrorState } from "@/components/error-state";
import { Panel } from "@/components/panel";
import { QueryBoundary } from "@/components/query-boundary";
import { roleAllows } from "@/lib/roles";
import { runbookEditHref } from "@/lib/runbook-route";
import { routeParam } from "@/lib/set-route";
import { requirePageCaller } from "@/server/auth/page-caller";
import { consoleTimeZone } from "@/server/runbooks/console-time-zone";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

export default async function EditRunbookPage({ params }: { params: Promise<{ name: string }> }) {
  await connection();
  const name = routeParam((await params).name);
  const caller = await requirePageCaller(runbookEditHref(name));
  prefetch(trpc.runbook.get.queryOptions({ name }));
  prefetch(trpc.host.list.queryOptions());
  return (
    <HydrateClient>
      <h1 className="mb-6 text-2xl font-semibold tracking-tight">
        Edit runbook <span className="font-mono">{name}</span>
      </h1>
      {roleAllows(caller.role, "operator") ? (
        <QueryBoundary
          errorTitle={`Could not load runbook ${name}`}
          fallback={
            <Panel title="Runbook">
              <Panel.Skeleton rows={8} />
            </Panel>
          }
        >
          <EditRunbook name={name} timeZone={consoleTimeZone()} />
        </QueryBoundary>
      ) : (
        <ErrorState title="Operators only" error="Editing a runbook needs the operator role." />
      )}
    </HydrateClient>
  );
}
