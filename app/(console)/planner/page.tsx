import { connection } from "next/server";
import { PlannerView } from "@/app/(console)/planner/_components/planner-view";
import { Panel } from "@/components/panel";
import { QueryBoundary } from "@/components/query-boundary";
import { parsePlannerParams, plannerQuery } from "@/lib/planner-params";
import { roleAllows } from "@/lib/roles";
import { requirePageCaller } from "@/server/auth/page-caller";
import { getQueryClient, HydrateClient, prefetch, trpc } from "@/trpc/server";

export default async function PlannerPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const params = parsePlannerParams(await searchParams);
  const caller = await requirePageCaller(`/planner${plannerQuery(params)}`);
  // The checkboxes need every host's inventory; the host list is small, so wait for it and
  // prefetch each inventory in parallel (they stream to the client).
  const hosts = await getQueryClient()
    .fetchQuery(trpc.host.list.queryOptions())
    .catch(() => []);
  for (const host of hosts) prefetch(trpc.host.get.queryOptions({ name: host.name }));
  return (
    <HydrateClient>
      <h1 className="mb-2 text-2xl font-semibold tracking-tight">Bitmap-size planner</h1>
      <p className="mb-6 max-w-3xl text-sm text-muted">
        Every point-in-time set needs a bitmap volume: two bitmaps of one bit per 32 KiB chunk of the master and a
        header, 8 KiB per GiB of master plus 24 KiB for an independent set. A compact dependent set (a shadow smaller
        than its master) needs another 128 KiB per GiB for its chunk index. Choose masters from a host&apos;s inventory
        or type sizes.
      </p>
      <QueryBoundary errorTitle="Could not load the hosts" fallback={<Panel.Skeleton rows={8} />}>
        <PlannerView initial={params} canCreate={roleAllows(caller.role, "operator")} />
      </QueryBoundary>
    </HydrateClient>
  );
}
