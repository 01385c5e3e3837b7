// What `iiadm -w` through the console may conclude about one set, and when (docs/waiting-for-copies.md).
// The console never sees a host's volumes: it sees the jobs it handed out and the inventories the
// agent sent. A copy is complete only when the host says so, in a report the agent collected
// after the last job that could have changed the set ended. Anything older (the agent was killed,
// its lease ran out, it was restarted) may say "clean" about a shadow that a copy left half
// written, so the wait goes on until the host reports again, and says why it is waiting.
import type { Inventory } from "./agent-protocol";
import { DSW_COPYING, DSW_COPYINGP, stateLine, DSW_OFFLINE } from "./dsw-flags";

type InventorySet = Inventory["sets"][number];

export type SetWaitVerdict =
  /** A job holds the set or a copy runs on the host: ask again later. */
  | { state: "running"; why: string }
  /** The console cannot know yet (no report since the last job ended): ask again later. */
  | { state: "unknown"; why: string }
  /** The host reports the copy complete: the shadow is the point in time. */
  | { state: "complete" }
  /** The host reports a copy that stopped before it finished, or a volume offline. */
  | { state: "incomplete"; why: string };

export interface SetWaitFacts {
  /** The set as the host last reported it, or null when the report has no such set. */
  reported: InventorySet | null;
  /** The queued or running job holding the set or its group, if any. */
  job: { id: string; kind: string; state: string } | null;
  /**
   * Null when the host's last report was collected after every job on the host had ended;
   * otherwise why the report cannot be trusted yet ("job 42 ended interrupted at …").
   */
  staleReport: string | null;
}

export function isWaitSettled(v: SetWaitVerdict): v is Extract<SetWaitVerdict, { state: "complete" | "incomplete" }> {
  return v.state === "complete" || v.state === "incomplete";
}

export function setWaitVerdict({ reported, job, staleReport }: SetWaitFacts): SetWaitVerdict {
  if (job) return { state: "running", why: `job ${job.id} (${job.kind}) is ${job.state}` };
  if (staleReport) return { state: "unknown", why: staleReport };
  if (!reported) return { state: "unknown", why: "the host does not report this set" };
  if (reported.flags & DSW_COPYINGP || reported.progress)
    return { state: "running", why: "a copy is in progress on the host" };
  if (reported.suspended) return { state: "incomplete", why: `the set is suspended: ${reported.suspended}` };
  // The engine's own reason first (it names the failure, e.g. ENOSPC); the flags say as much
  // for agents that do not send one.
  if (reported.incomplete) return { state: "incomplete", why: reported.incomplete };
  if (reported.flags & DSW_OFFLINE)
    return { state: "incomplete", why: `a volume is offline (${stateLine(reported.flags)})` };
  if (reported.flags & DSW_COPYING)
    return {
      state: "incomplete",
      why: "copy not active: the last copy stopped before it finished; the target is incomplete",
    };
  return { state: "complete" };
}
