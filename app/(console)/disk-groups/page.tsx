import { connection } from "next/server";
import { CreateDiskGroupButton } from "@/app/(console)/disk-groups/_components/create-disk-group-button";
import { DiskGroupFilterForm } from "@/app/(console)/disk-groups/_components/disk-group-filter-form";
import { DiskGroupTable } from "@/app/(console)/disk-groups/_components/disk-group-table";
import { Panel } from "@/components/panel";
import { QueryBoundary } from "@/components/query-boundary";
import { heldByQuery, parseHeldByFilter } from "@/lib/disk-group-list-filter";
import { roleAllows } from "@/lib/roles";
import { requirePageCaller } from "@/server/auth/page-caller";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

export default async function DiskGroupsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const heldBy = parseHeldByFilter(await searchParams);
  const caller = await requirePageCaller(`/disk-groups${heldByQuery(heldBy)}`);
  prefetch(trpc.diskGroup.everywhere.queryOptions());
  prefetch(trpc.host.list.queryOptions());
  return (
    <HydrateClient>
      <div className="mb-6 flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Disk groups</h1>
        {/* Operators only; the API refuses viewers anyway. */}
        {roleAllows(caller.role, "operator") && (
          <span className="ml-auto">
            <CreateDiskGroupButton />
          </span>
        )}
      </div>
      <Panel title="Disk groups on shared storage" actions={<DiskGroupFilterForm heldBy={heldBy} />}>
        <QueryBoundary errorTitle="Could not load the disk groups" fallback={<Panel.Skeleton rows={4} />}>
          <DiskGroupTable heldBy={heldBy} />
        </QueryBoundary>
      </Panel>
    </HydrateClient>
  );
}
