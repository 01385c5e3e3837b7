import Link from "next/link";
import { connection } from "next/server";
import { RunbookTable } from "@/app/(console)/runbooks/_components/runbook-table";
import { buttonClasses } from "@/components/button";
import { Panel } from "@/components/panel";
import { QueryBoundary } from "@/components/query-boundary";
import { roleAllows } from "@/lib/roles";
import { newRunbookHref } from "@/lib/runbook-route";
import { requirePageCaller } from "@/server/auth/page-caller";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

export default async function RunbooksPage() {
  await connection();
  const caller = await requirePageCaller("/runbooks");
  prefetch(trpc.runbook.list.queryOptions());
  return (
    <HydrateClient>
      <div className="mb-6 flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Runbooks</h1>
        {/* Operators only; the API refuses viewers anyway. */}
        {roleAllows(caller.role, "operator") && (
          <Link href={newRunbookHref} className={buttonClasses("primary", "md", "ml-auto")}>
            New runbook
          </Link>
        )}
      </div>
      <Panel title="LAN-free backup runbooks">
        <QueryBoundary errorTitle="Could not load the runbooks" fallback={<Panel.Skeleton rows={4} />}>
          <RunbookTable />
        </QueryBoundary>
      </Panel>
    </HydrateClient>
  );
}
