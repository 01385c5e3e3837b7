"use client";
// The job's events, polled with `after` so each poll fetches only what is new: the accumulated
// list lives in the cache entry of the first page (the one the server prefetched), and each
// refetch appends the events after the last one it holds.
import { useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { EmptyState } from "@/components/empty-state";
import { formatUtc } from "@/components/relative-time";
import { BUSY_POLL_MS, isActiveJobState } from "@/lib/poll-interval";
import { useTRPC } from "@/trpc/client";

// listJobEvents returns at most this many per call by default; a full page means more may follow.
const EVENTS_PAGE = 200;
const MAX_PAGES_PER_POLL = 20;

export function JobEventLog({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [showProgress, setShowProgress] = useState(false);
  const checkboxId = useId();
  const firstPage = trpc.job.events.queryOptions({ id, after: null });
  const job = queryClient.getQueryData(trpc.job.get.queryKey({ id }));

  const { data: events } = useSuspenseQuery({
    queryKey: firstPage.queryKey,
    queryFn: async () => {
      let all = queryClient.getQueryData(firstPage.queryKey) ?? [];
      for (let page = 0; page < MAX_PAGES_PER_POLL; page++) {
        const last = all.at(-1);
        // Never `after: null` here: that is this query's own key, and fetching it would wait on itself.
        const after = last ? { attempt: last.attempt, seq: last.seq } : { attempt: 0, seq: 0 };
        const more = await queryClient.fetchQuery({
          ...trpc.job.events.queryOptions({ id, after }),
          staleTime: 0,
          gcTime: 0,
        });
        all = [...all, ...more];
        if (more.length < EVENTS_PAGE) break;
      }
      return all;
    },
    // Stops once the job has ended and one more poll ran after that, so the last events are in.
    refetchInterval: (query) => {
      const jobState = queryClient.getQueryState(trpc.job.get.queryKey({ id }));
      const ended = jobState?.data !== undefined && !isActiveJobState(jobState.data.state);
      return ended && query.state.dataUpdatedAt > jobState.dataUpdatedAt ? false : BUSY_POLL_MS;
    },
  });

  const shown = showProgress ? events : events.filter((e) => e.type !== "progress");
  const hidden = events.length - shown.length;

  return (
    <div className="space-y-3">
      <div className="flex items-center gap-2 text-sm">
        <input
          id={checkboxId}
          type="checkbox"
          checked={showProgress}
          onChange={(e) => setShowProgress(e.target.checked)}
        />
        <label htmlFor={checkboxId}>Show progress events</label>
        <span className="tabular text-muted">
          ({events.length} events{hidden ? `, ${hidden} progress hidden` : ""})
        </span>
      </div>
      {shown.length === 0 ? (
        <EmptyState title="No events yet">
          {job && !isActiveJobState(job.state)
            ? "The agent reported no events for this job."
            : "Events appear as the agent reports them."}
        </EmptyState>
      ) : (
        <ol
          aria-label="Job events"
          className="max-h-96 overflow-y-auto rounded-md border border-border font-mono text-xs"
        >
          {shown.map((event) => (
            <li
              key={`${event.attempt}:${event.seq}`}
              className="flex gap-3 border-b border-border px-3 py-1.5 last:border-0"
            >
              <time dateTime={event.at} className="shrink-0 text-muted">
                {formatUtc(event.at).slice(11)}
              </time>
              <span className={`w-16 shrink-0 ${event.type === "warning" ? "text-warning" : "text-muted"}`}>
                {event.type}
              </span>
              <span className="min-w-0 break-words">
                {event.message ?? (event.progress ? progressText(event.progress) : "")}
              </span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function progressText(progress: Record<string, unknown>): string {
  const { phase, chunksDone, chunksTotal, set } = progress;
  return `${String(phase ?? "")} ${String(chunksDone ?? "?")}/${String(chunksTotal ?? "?")} chunks${set ? ` of ${String(set)}` : ""}`;
}
