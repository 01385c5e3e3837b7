// What the run made and drove: the archives (built-in backup) and the sets of its group.
import { EmptyState } from "@/components/empty-state";
import { Panel } from "@/components/panel";
import { formatUtc } from "@/components/relative-time";
import type { RunDetail } from "@/server/runbooks/run-select";

export function RunOutputs({ run }: { run: Pick<RunDetail, "archives" | "sets" | "spec" | "archiveLabel"> }) {
  return (
    <>
      <Panel title="Archives">
        {run.archives.length === 0 ? (
          <EmptyState title="No archive">
            {run.spec.backup.kind === "hook"
              ? `The backup is hook ${run.spec.backup.hook}; it keeps its own records.`
              : run.spec.backup.kind === "tape"
                ? `The backup step writes ${run.archiveLabel} to tape ${run.spec.backup.device}.`
                : `The backup step writes ${run.spec.backup.targetDir}/${run.archiveLabel}.`}
          </EmptyState>
        ) : (
          <ul aria-label="Archives of this run" className="space-y-2 text-sm">
            {run.archives.map((a) => (
              <li key={a.id}>
                <span className="break-all font-mono text-xs">{a.dir}</span>{" "}
                <span className="text-muted">on {a.hostName}</span>
                <p className="text-xs text-muted">
                  point in time {a.pointInTime ? formatUtc(a.pointInTime) : "unknown"}
                  {a.deletedAt ? ` · deleted ${formatUtc(a.deletedAt)} (keepArchives)` : ""}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Panel>
      <Panel title="Sets">
        {run.sets.length === 0 ? (
          <EmptyState title="No sets planned">The start check found none.</EmptyState>
        ) : (
          <table className="w-full text-left text-xs">
            <caption className="sr-only">Sets of group {run.spec.group} the run drives</caption>
            <thead className="text-muted">
              <tr>
                <th scope="col" className="py-1 pr-2 font-medium">
                  Shadow
                </th>
                <th scope="col" className="py-1 pr-2 font-medium">
                  Master
                </th>
                <th scope="col" className="py-1 font-medium">
                  Secondary bitmap
                </th>
              </tr>
            </thead>
            <tbody>
              {run.sets.map((s) => (
                <tr key={s.shadow} className="border-t border-border">
                  <th scope="row" className="py-1 pr-2 font-mono font-normal">
                    {s.shadowRef}
                  </th>
                  <td className="break-all py-1 pr-2 font-mono">{s.master}</td>
                  <td className="py-1 font-mono">{s.secondaryBitmapRef}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </>
  );
}
