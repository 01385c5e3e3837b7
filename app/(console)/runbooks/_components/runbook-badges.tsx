// The overdue / last-run-failed / shadows-away badges of a runbook (lib/runbook-attention), on the list and the overview.
import { StatusBadge } from "@/components/status-badge";
import { type AttentionInput, runbookAttention } from "@/lib/runbook-attention";

export function RunbookBadges({ runbook }: { runbook: AttentionInput }) {
  const badges = runbookAttention(runbook);
  if (badges.length === 0) return null;
  return (
    <ul aria-label="Needs attention" className="flex flex-wrap gap-1">
      {badges.map((b) => (
        <li key={b.label}>
          <StatusBadge tone={b.tone} title={b.description}>
            {b.label}
          </StatusBadge>
        </li>
      ))}
    </ul>
  );
}
