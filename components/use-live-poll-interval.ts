"use client";
// The refetch interval of a live page (lib/poll-interval.ts): 1 s while any job is queued or
// running anywhere, 10 s when idle. The two job queries below decide it with refetchInterval as a
// function of their own data; the page's other queries take the number this hook returns.
import { useQuery } from "@tanstack/react-query";
import { pollIntervalFor } from "@/lib/poll-interval";
import { useTRPC } from "@/trpc/client";

export function useLivePollInterval(): number {
  const trpc = useTRPC();
  const running = useQuery({
    ...trpc.job.list.queryOptions({ state: "running" }),
    refetchInterval: (query) => pollIntervalFor(query.state.data),
  });
  const queued = useQuery({
    ...trpc.job.list.queryOptions({ state: "queued" }),
    refetchInterval: (query) => pollIntervalFor(query.state.data),
  });
  return pollIntervalFor([...(running.data ?? []), ...(queued.data ?? [])]);
}
