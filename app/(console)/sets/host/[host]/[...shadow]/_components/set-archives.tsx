"use client";
// Archive lineage (issue 6): which runbook archives hold which points in time of this set, newest
// first, each linked to the run that made it.
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { formatUtc, RelativeTime } from "@/components/relative-time";
import { StatusBadge } from "@/components/status-badge";
import { formatByteSize } from "@/lib/byte-size";
import { IDLE_POLL_MS } from "@/lib/poll-interval";
import { runbookHref, runHref } from "@/lib/runbook-route";
import { useTRPC } from "@/trpc/client";

export function SetArchives({ shadow }: { shadow: string }) {
  const trpc = useTRPC();
  const { data: lineage } = useSuspenseQuery({
    ...trpc.runbook.lineage.queryOptions({ shadow }),
    refetchInterval: IDLE_POLL_MS,
  });
  if (lineage.length === 0) {
    return (
      <EmptyState title="No archives">
        No runbook has archived this set yet. A runbook&apos;s built-in backup records each point in time it archives
        here.
      </EmptyState>
    );
  }
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Archives holding points in time of {shadow}, newest first</caption>
        <thead className="text-muted">
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">
              Point in time
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Archive
            </th>
            <th scope="col" className="py-1 pr-3 text-right font-medium">
              Size
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              SHA-256
            </th>
            <th scope="col" className="py-1 font-medium">
              Made by
            </th>
          </tr>
        </thead>
        <tbody>
          {lineage.map((a) => (
            <tr
              key={`${a.archiveId}:${a.file}`}
              className="border-t border-border align-top"
              data-archive={a.archiveId}
            >
              <th scope="row" className="py-2 pr-3 font-normal">
                {a.pointInTime ? (
                  <span title={formatUtc(a.pointInTime)}>{formatUtc(a.pointInTime)}</span>
                ) : (
                  <span className="text-muted">unknown</span>
                )}
                {a.deletedAt && (
                  <StatusBadge
                    tone="neutral"
                    className="ml-2"
                    title={`deleted ${formatUtc(a.deletedAt)} (keepArchives)`}
                  >
                    deleted
                  </StatusBadge>
                )}
              </th>
              <td className="py-2 pr-3">
                <span className="break-all font-mono text-xs">
                  {a.dir}/{a.file}
                </span>
                <span className="block text-xs text-muted">
                  on {a.hostName}, made <RelativeTime iso={a.createdAt} />
                </span>
              </td>
              <td className="tabular py-2 pr-3 text-right">{formatByteSize(a.sizeBytes)}</td>
              <td className="py-2 pr-3 font-mono text-xs" title={a.sha256}>
                {a.sha256.slice(0, 12)}…
              </td>
              <td className="py-2">
                <Link href={runHref(a.runId)} className="underline underline-offset-2">
                  run
                </Link>{" "}
                of{" "}
                {a.runbookDeleted ? (
                  <>
                    <span className="font-mono">{a.runbookName}</span>{" "}
                    <span className="text-xs text-muted">(deleted)</span>
                  </>
                ) : (
                  <Link href={runbookHref(a.runbookName)} className="font-mono underline underline-offset-2">
                    {a.runbookName}
                  </Link>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
