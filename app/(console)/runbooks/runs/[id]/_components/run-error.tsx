// What stopped a run: the step, the host, the object and the message, as the console recorded them.
import { stepTitle } from "@/app/(console)/runbooks/_components/last-run-cell";
import { DetailField } from "@/components/detail-field";
import { HostLink } from "@/components/host-link";
import { Panel } from "@/components/panel";
import type { RunDetail } from "@/server/runbooks/run-select";

export function RunError({ run, className }: { run: Pick<RunDetail, "error" | "state">; className?: string }) {
  const { error } = run;
  if (!error) return null;
  return (
    <Panel
      title={run.state === "failed" ? "Why the run stopped" : "Error"}
      className={`border-danger ${className ?? ""}`}
    >
      <dl className="grid gap-4 sm:grid-cols-4" data-testid="run-error">
        <DetailField label="Step">
          {stepTitle(error.step)} <span className="text-muted">({error.step})</span>
        </DetailField>
        <DetailField label="Host">
          {error.host ? <HostLink host={error.host} /> : <span className="text-muted">—</span>}
        </DetailField>
        <DetailField label="Object">
          {error.object ? (
            <span className="break-all font-mono text-xs">{error.object}</span>
          ) : (
            <span className="text-muted">—</span>
          )}
        </DetailField>
        <DetailField label="Code">
          {error.code ? <span className="font-mono">{error.code}</span> : <span className="text-muted">—</span>}
        </DetailField>
      </dl>
      <p role="alert" className="mt-3 text-sm text-danger">
        {error.message}
      </p>
    </Panel>
  );
}
