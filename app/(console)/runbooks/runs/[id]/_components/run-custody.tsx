// Who held the snapshot disk group, from when (docs/architecture.md §5: two hosts never hold it at once).
import { stepTitle } from "@/app/(console)/runbooks/_components/last-run-cell";
import { EmptyState } from "@/components/empty-state";
import { formatUtc } from "@/components/relative-time";
import type { RunDetail } from "@/server/runbooks/run-select";

export function RunCustody({ run }: { run: Pick<RunDetail, "custody" | "spec"> }) {
  if (run.custody.length === 0)
    return <EmptyState title="No custody recorded">The run has not touched the disk group.</EmptyState>;
  const current = run.custody.at(-1)!;
  return (
    <div className="space-y-2">
      <p className="text-sm">
        <span className="font-mono">{run.spec.snapshotDiskGroup}</span> is{" "}
        {current.holder ? (
          <>
            held by <strong>{current.holder}</strong>
          </>
        ) : (
          <strong>deported (held by nobody)</strong>
        )}{" "}
        as far as this run knows.
      </p>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Holders of disk group {run.spec.snapshotDiskGroup}, oldest first</caption>
        <thead className="text-muted">
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">
              From
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Holder
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Step
            </th>
            <th scope="col" className="py-1 font-medium">
              Note
            </th>
          </tr>
        </thead>
        <tbody>
          {run.custody.map((c, i) => (
            <tr key={i} className="border-t border-border" data-holder={c.holder ?? "nobody"}>
              <td className="py-1.5 pr-3 text-xs">{formatUtc(c.at)}</td>
              <th scope="row" className="py-1.5 pr-3 font-medium">
                {c.holder ?? <span className="font-normal text-muted">nobody</span>}
              </th>
              <td className="py-1.5 pr-3">{c.stepKey === "start" ? "start" : stepTitle(c.stepKey)}</td>
              <td className="py-1.5 text-xs text-muted">{c.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
