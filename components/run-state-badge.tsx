// States of a runbook run (lib/run-states.ts) and of its steps, as badges.
import { StatusBadge, type StatusTone } from "@/components/status-badge";

const runStateTone: Record<string, StatusTone> = {
  running: "info",
  "awaiting-approval": "warning",
  thawing: "warning",
  cancelling: "warning",
  succeeded: "success",
  failed: "danger",
  cancelled: "neutral",
};

const stepStateTone: Record<string, StatusTone> = {
  pending: "neutral",
  running: "info",
  succeeded: "success",
  failed: "danger",
  skipped: "neutral",
  cancelled: "warning",
};

export function RunStateBadge({ state }: { state: string }) {
  return (
    <StatusBadge tone={runStateTone[state] ?? "neutral"}>
      {state === "awaiting-approval" ? "awaiting approval" : state}
    </StatusBadge>
  );
}

export function RunStepStateBadge({ state }: { state: string }) {
  return <StatusBadge tone={stepStateTone[state] ?? "neutral"}>{state}</StatusBadge>;
}
