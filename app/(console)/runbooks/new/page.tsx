import { connection } from "next/server";
import { RunbookForm } from "@/app/(console)/runbooks/_components/runbook-form";
import { ErrorState } from "@/components/error-state";
import { roleAllows } from "@/lib/roles";
import { emptyRunbookForm } from "@/lib/runbook-form";
import { newRunbookHref } from "@/lib/runbook-route";
import { requirePageCaller } from "@/server/auth/page-caller";
import { consoleTimeZone } from "@/server/runbooks/console-time-zone";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

export default async function NewRunbookPage() {
  await connection();
  const caller = await requirePageCaller(newRunbookHref);
  prefetch(trpc.host.list.queryOptions());
  return (
    <HydrateClient>
      <h1 className="mb-6 text-2xl font-semibold tracking-tight">New runbook</h1>
      {roleAllows(caller.role, "operator") ? (
        <RunbookForm initial={emptyRunbookForm} editing={false} timeZone={consoleTimeZone()} />
      ) : (
        <ErrorState title="Operators only" error="Creating a runbook needs the operator role." />
      )}
    </HydrateClient>
  );
}
