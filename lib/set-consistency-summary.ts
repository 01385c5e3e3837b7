// A set's consistency mode for people (docs/consistency-modes.md): the badge the set lists show,
// and the warning the set page gives when taking the point-in-time clone comes near the freeze
// budget, the longest the application may stay quiesced. Pure; the pages render it.
import type { BadgeTone } from "./set-badges";
import type { ConsistencyMode, SetStatus } from "./set-status";

/** The set's mode; an agent older than instant mode reports none, and its sets scan. */
export function consistencyOf(set: Pick<SetStatus, "changeDetection" | "consistency">): ConsistencyMode {
  return set.consistency ?? { mode: set.changeDetection, mechanism: null, reason: null, requested: "auto" };
}

export interface ConsistencyBadge {
  label: "instant" | "scan";
  tone: BadgeTone;
  description: string;
}

export function consistencyBadge(set: Pick<SetStatus, "changeDetection" | "consistency">): ConsistencyBadge {
  const mode = consistencyOf(set);
  if (mode.mode === "instant") {
    return {
      label: "instant",
      tone: "success",
      description: `Instant (${mode.mechanism === "btrfs-reflink" ? "btrfs" : "XFS"} reflink): each update clones the master, and the clone is the point in time.`,
    };
  }
  return {
    label: "scan",
    tone: "neutral",
    description: `Scan${mode.reason ? ` (${mode.reason})` : ""}: an update hashes the master, a point in time only while the application stays quiesced until it ends.`,
  };
}

/** A freeze budget that applies to the set: a runbook's freezeBudgetSeconds, by name. */
export interface FreezeBudget {
  seconds: number;
  /** Where it comes from, e.g. "runbook nightly". */
  source: string;
}

/**
 * The agent's default freezeBudgetSeconds (agent/config.ts). An agent's own figure does not reach
 * the console, so without a runbook for the set this is the only budget it can compare with.
 */
export const AGENT_DEFAULT_FREEZE_BUDGET_SECONDS = 10;

// The clone is only part of a freeze: the quiesce and resume hooks, the other sets of the group
// and the update's start share the same budget. Past half of it, little room is left for them.
const NEAR_BUDGET_FRACTION = 0.5;

/**
 * Why the clone's duration is a risk for the freeze, or null when it is not. With runbooks for
 * the set, the smallest of their budgets counts, and a clone past half of it is "near". Without
 * one, the console knows no budget of this host: it warns only past the agent's default (10 s),
 * and says that it is the default it compared with.
 */
export function cloneFreezeWarning(cloneMs: number, budgets: readonly FreezeBudget[]): string | null {
  const took = `The last point-in-time clone took ${formatSeconds(cloneMs)}`;
  const budget = [...budgets].sort((a, b) => a.seconds - b.seconds)[0];
  if (!budget) {
    if (cloneMs <= AGENT_DEFAULT_FREEZE_BUDGET_SECONDS * 1000) return null;
    return (
      `${took}, more than the agent's default freeze budget of ${AGENT_DEFAULT_FREEZE_BUDGET_SECONDS} s ` +
      "(no runbook covers this set, and an agent's own freezeBudgetSeconds is not reported to the console): " +
      "an application quiesced around the update may be thawed before its point in time exists. " +
      "Clone time grows with the master's extents: defragment it (xfs_fsr) or raise the budget."
    );
  }
  if (cloneMs < budget.seconds * 1000 * NEAR_BUDGET_FRACTION) return null;
  return (
    `${took}, ${Math.round((100 * cloneMs) / (budget.seconds * 1000))} % of the ${budget.seconds} s freeze budget of ${budget.source}: ` +
    "the hooks and the group's other sets share that budget. " +
    "Clone time grows with the master's extents: defragment it (xfs_fsr) or raise the budget."
  );
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
