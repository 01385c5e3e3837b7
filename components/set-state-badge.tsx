import { StatusBadge, type StatusTone } from "@/components/status-badge";
import type { SetState } from "@/lib/set-state";

const setStateTone: Record<SetState, StatusTone> = {
  suspended: "danger",
  offline: "danger",
  "out of space": "danger",
  copying: "info",
  "copy stopped": "warning",
  exported: "neutral",
  imported: "neutral",
  ready: "success",
};

export function SetStateBadge({ state }: { state: SetState }) {
  return <StatusBadge tone={setStateTone[state]}>{state}</StatusBadge>;
}
