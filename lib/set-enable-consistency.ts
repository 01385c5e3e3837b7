// The consistency mode a set would get (docs/consistency-modes.md), said by the enable form
// before the set exists: the engine's own rule (lib/consistency-mode.ts consistencyFor) applied to
// the file systems the agent reported under master and shadow. An agent older than instant mode
// reports none, and then the form says the mode is decided at enable instead of guessing.
import { consistencyFor, describeConsistency, type ConsistencyDecision, type VolumeSharing } from "./consistency-mode";

export type ConsistencyChoice = "auto" | "scan";

export interface ConsistencyPrediction {
  /** The engine's decision; null when the inventory lacks what it needs (decided at enable). */
  decision: ConsistencyDecision | null;
  /** One line for the operator: "instant (XFS reflink)", "scan: why", or why it is not known yet. */
  summary: string;
}

interface Volume {
  path: string;
  sharing?: VolumeSharing | null;
}

// consistencyFor reads the shadow's file system only for a dependent set on an instant master.
const UNREAD: VolumeSharing = { filesystem: "", fsId: "", mechanism: null, reason: null };

export const UNKNOWN_SHARING =
  "decided when the set is enabled: the agent on this host does not report its file systems (it predates instant mode)";

/** Null until master and shadow are chosen. */
export function predictConsistency(
  type: "ind" | "dep",
  master: Volume | undefined,
  shadow: Volume | undefined,
  requested: ConsistencyChoice,
): ConsistencyPrediction | null {
  if (!master || !shadow) return null;
  const req = { type, requested, masterPath: master.path, shadowPath: shadow.path };
  if (requested === "scan") return known(consistencyFor({ ...req, master: UNREAD, shadow: UNREAD }));
  if (!master.sharing) return { decision: null, summary: UNKNOWN_SHARING };
  const needsShadow = type === "dep" && master.sharing.mechanism !== null;
  if (needsShadow && !shadow.sharing) return { decision: null, summary: UNKNOWN_SHARING };
  return known(consistencyFor({ ...req, master: master.sharing, shadow: shadow.sharing ?? UNREAD }));
}

function known(decision: ConsistencyDecision): ConsistencyPrediction {
  return { decision, summary: describeConsistency(decision) };
}
