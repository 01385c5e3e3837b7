import { connection } from "next/server";
import { AuditFilterForm } from "@/app/(console)/audit/_components/audit-filter-form";
import { AuditTable } from "@/app/(console)/audit/_components/audit-table";
import { EmptyState } from "@/components/empty-state";
import { Panel } from "@/components/panel";
import { QueryBoundary } from "@/components/query-boundary";
import { auditFiltersQuery, auditListInput, nextAuditCursor, parseAuditFilters } from "@/lib/audit-filters";
import { roleAllows } from "@/lib/roles";
import { requirePageCaller } from "@/server/auth/page-caller";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const filters = parseAuditFilters(await searchParams);
  const caller = await requirePageCaller(`/audit${auditFiltersQuery(filters)}`);
  if (!roleAllows(caller.role, "admin")) {
    return (
      <>
        <h1 className="mb-6 text-2xl font-semibold tracking-tight">Audit log</h1>
        <EmptyState title="Admins only">The audit log is for admins; your role is {caller.role}.</EmptyState>
      </>
    );
  }
  // Not awaited: the pending first page streams to the client (query-client.ts dehydrates pending queries).
  void getQueryClient().prefetchInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(auditListInput(filters), { getNextPageParam: nextAuditCursor }),
  );
  return (
    <HydrateClient>
      <h1 className="mb-6 text-2xl font-semibold tracking-tight">Audit log</h1>
      <div className="space-y-6">
        <AuditFilterForm filters={filters} />
        <Panel title="Entries, newest first">
          <QueryBoundary
            key={auditFiltersQuery(filters)}
            errorTitle="Could not load the audit log"
            fallback={<Panel.Skeleton rows={8} />}
          >
            <AuditTable filters={filters} />
          </QueryBoundary>
        </Panel>
      </div>
    </HydrateClient>
  );
}
