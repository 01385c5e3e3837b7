import { connection } from "next/server";
import { Suspense } from "react";
import { HostList } from "@/app/_components/host-list";
import { requirePageCaller } from "@/server/auth/page-caller";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

export default async function HomePage() {
  // Live data: render per request, never prerender at build time (the build has no database).
  await connection();
  await requirePageCaller("/");
  prefetch(trpc.host.list.queryOptions());

  return (
    <HydrateClient>
      <section aria-labelledby="hosts-heading" className="space-y-4">
        <h1 id="hosts-heading" className="text-2xl font-semibold tracking-tight">
          Hosts
        </h1>
        <Suspense fallback={<p className="text-muted">Loading hosts…</p>}>
          <HostList />
        </Suspense>
      </section>
    </HydrateClient>
  );
}
