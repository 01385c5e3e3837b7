import { connection } from "next/server";
import { EmptyState } from "@/components/empty-state";
import { Panel } from "@/components/panel";
import { QueryBoundary } from "@/components/query-boundary";
import { hostNameSchema } from "@/lib/agent-protocol";
import { roleAllows } from "@/lib/roles";
import { enableSetHref } from "@/lib/set-route";
import { requirePageCaller } from "@/server/auth/page-caller";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";
import { EnableSetPage } from "./_components/enable-set-page";

export default async function EnablePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const raw = (await searchParams).host;
  const host = typeof raw === "string" && hostNameSchema.safeParse(raw).success ? raw : null;
  const caller = await requirePageCaller(enableSetHref(host));
  if (!roleAllows(caller.role, "operator")) {
    return <EmptyState title="Operators only">Enabling and importing sets needs the operator role.</EmptyState>;
  }
  prefetch(trpc.host.list.queryOptions());
  if (host) prefetch(trpc.host.get.queryOptions({ name: host }));
  return (
    <HydrateClient>
      <h1 className="mb-6 text-2xl font-semibold tracking-tight">Enable a volume set</h1>
      <QueryBoundary
        errorTitle="Could not load the hosts"
        fallback={
          <Panel title="New set">
            <Panel.Skeleton rows={6} />
          </Panel>
        }
      >
        <EnableSetPage host={host} />
      </QueryBoundary>
    </HydrateClient>
  );
}
