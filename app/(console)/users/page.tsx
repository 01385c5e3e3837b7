import { connection } from "next/server";
import { ApiTokensPanel } from "@/app/(console)/users/_components/api-tokens-panel";
import { UsersPanel } from "@/app/(console)/users/_components/users-panel";
import { Panel } from "@/components/panel";
import { QueryBoundary } from "@/components/query-boundary";
import { roleAllows } from "@/lib/roles";
import { requirePageCaller } from "@/server/auth/page-caller";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

// Admins manage users here; every signed-in user manages their own API tokens (the CLI's PITCREW_TOKEN).
export default async function UsersPage() {
  await connection();
  const caller = await requirePageCaller("/users");
  const isAdmin = roleAllows(caller.role, "admin");
  prefetch(trpc.auth.listApiTokens.queryOptions());
  if (isAdmin) prefetch(trpc.auth.users.list.queryOptions());
  return (
    <HydrateClient>
      <h1 className="mb-6 text-2xl font-semibold tracking-tight">{isAdmin ? "Users & API tokens" : "API tokens"}</h1>
      <div className="space-y-6">
        {isAdmin && (
          <QueryBoundary errorTitle="Could not load the users" fallback={<Panel.Skeleton rows={4} />}>
            <UsersPanel currentUserId={caller.userId} />
          </QueryBoundary>
        )}
        <QueryBoundary errorTitle="Could not load your API tokens" fallback={<Panel.Skeleton rows={3} />}>
          <ApiTokensPanel username={caller.username} />
        </QueryBoundary>
      </div>
    </HydrateClient>
  );
}
