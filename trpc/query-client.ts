// One QueryClient factory for both sides: a fresh one per server request (trpc/server.tsx) and one
// per browser session (trpc/client.tsx).
import { defaultShouldDehydrateQuery, QueryClient } from "@tanstack/react-query";

export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Above zero so the client does not refetch at once what the server just prefetched.
        staleTime: 30 * 1000,
      },
      dehydrate: {
        // Also send queries that are still pending, so server prefetches stream to the client.
        shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === "pending",
        // Next redacts server errors itself and relies on seeing them to detect dynamic pages.
        shouldRedactErrors: () => false,
      },
    },
  });
}
