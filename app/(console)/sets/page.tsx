import Link from "next/link";
import { connection } from "next/server";
import { buttonClasses } from "@/components/button";
import { Panel } from "@/components/panel";
import { QueryBoundary } from "@/components/query-boundary";
import { roleAllows } from "@/lib/roles";
import { parseSetFilters, setFiltersQuery } from "@/lib/set-filters";
import { enableSetHref } from "@/lib/set-route";
import { requirePageCaller } from "@/server/auth/page-caller";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";
import { SetList } from "./_components/set-list";

export default async function SetsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const filters = parseSetFilters(await searchParams);
  const caller = await requirePageCaller(`/sets${setFiltersQuery(filters)}`);
  prefetch(trpc.set.everywhere.queryOptions({}));
  return (
    <HydrateClient>
      <div className="mb-6 flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Volume sets</h1>
        {roleAllows(caller.role, "operator") && (
          <Link href={enableSetHref(filters.host)} className={buttonClasses("primary", "md", "ml-auto")}>
            Enable a set
          </Link>
        )}
      </div>
      <QueryBoundary
        errorTitle="Could not load the volume sets"
        fallback={
          <Panel title="Volume sets">
            <Panel.Skeleton rows={6} />
          </Panel>
        }
      >
        <SetList filters={filters} />
      </QueryBoundary>
    </HydrateClient>
  );
}
