import { StatusBadge, type StatusTone } from "@/components/status-badge";

const jobStateTone: Record<string, StatusTone> = {
  queued: "neutral",
  running: "info",
  succeeded: "success",
  failed: "danger",
  cancelled: "warning",
  interrupted: "danger",
};

export function JobStateBadge({ state }: { state: string }) {
  return <StatusBadge tone={jobStateTone[state] ?? "neutral"}>{state}</StatusBadge>;
}
