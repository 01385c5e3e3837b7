"use client";
// Every set on every host, live: the rows come from set.everywhere (the projected inventories, one
// query), and each host's set.info adds the job holding a set and that job's newest progress,
// so a copy started anywhere moves its bar here within a poll.
import { useQueries, useSuspenseQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useLivePollInterval } from "@/components/use-live-poll-interval";
import type { AppRouter } from "@/server/trpc/root";
import { useTRPC } from "@/trpc/client";

type Outputs = inferRouterOutputs<AppRouter>;
export type HostSetInfo = Outputs["set"]["info"];
export type LiveSet = Outputs["set"]["everywhere"][number] & { job: HostSetInfo["sets"][number]["job"] };

export function useLiveSets(): { sets: LiveSet[]; error: { message: string } | null } {
  const trpc = useTRPC();
  const interval = useLivePollInterval();
  const { data: rows, error } = useSuspenseQuery({
    ...trpc.set.everywhere.queryOptions({}),
    refetchInterval: interval,
  });
  const hosts = [...new Set(rows.map((r) => r.host))];
  const infos = useQueries({
    queries: hosts.map((host) => ({
      ...trpc.set.info.queryOptions({ host, target: { kind: "all" } }),
      refetchInterval: interval,
    })),
  });
  const live = new Map<string, HostSetInfo["sets"][number]>();
  infos.forEach((q) => q.data?.sets.forEach((s) => live.set(`${q.data.host}\0${s.shadow}`, s)));
  const sets = rows.map((row) => {
    const info = live.get(`${row.host}\0${row.shadow}`);
    return info ? { ...row, ...info, host: row.host, reportedAt: row.reportedAt } : { ...row, job: null };
  });
  return { sets, error };
}
