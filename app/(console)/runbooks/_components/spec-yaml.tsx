"use client";
// The spec as YAML, to copy into version control and apply with `pitcrew runbook apply FILE`.
import { CopyButton } from "@/components/copy-button";
import { runbookSpecYaml } from "@/lib/runbook-yaml";

export function SpecYaml({ spec, name }: { spec: Record<string, unknown>; name: string }) {
  const text = runbookSpecYaml(spec);
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2 text-sm text-muted">
        <span>
          Save as <code className="font-mono">{name || "runbook"}.yaml</code> and apply with{" "}
          <code className="font-mono">pitcrew runbook apply</code>.
        </span>
        <span className="ml-auto">
          <CopyButton text={text} label="Copy YAML" />
        </span>
      </div>
      {/* Focusable: it scrolls when the YAML is longer or wider than its box (axe: scrollable-region-focusable). */}
      <pre
        tabIndex={0}
        aria-label="Runbook YAML"
        className="max-h-96 overflow-auto rounded bg-surface-raised p-3 font-mono text-xs"
      >
        {text}
      </pre>
    </div>
  );
}
