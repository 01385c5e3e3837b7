import "server-only";
// Server-component side of tRPC: prefetch queries in a page, then wrap the client part in
// <HydrateClient> so it starts with the data (docs/architecture.md §10 rule 5).
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy, type TRPCQueryOptions } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache } from "react";
import { createTRPCContext } from "@/server/trpc/init";
import { appRouter } from "@/server/trpc/root";
import { makeQueryClient } from "@/trpc/query-client";

// One QueryClient per request: React's cache() is scoped to a single server render.
export const getQueryClient = cache(makeQueryClient);

export const trpc = createTRPCOptionsProxy({
  ctx: async () => createTRPCContext({ headers: await headers() }),
  router: appRouter,
  queryClient: getQueryClient,
});

export function HydrateClient({ children }: { children: React.ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tRPC docs' signature; any procedure's options
export function prefetch<T extends ReturnType<TRPCQueryOptions<any>>>(queryOptions: T) {
  // Not awaited: the pending query is dehydrated and streams to the client (query-client.ts).
  void getQueryClient().prefetchQuery(queryOptions);
}
