// How long a run keeps the application quiesced (docs/consistency-modes.md). A set in
// instant mode takes its point in time by cloning its master, so once the update job reports
// every set cloned ("point-in-time" event) the resume hook goes out while the copy goes on. A set
// in scan mode is a point in time only if the application stays quiesced until its copy ends:
// then the run resumes after the update, as before, and says why. Pure: the run driver
// (server/runbooks/freeze-during-copy.ts) and the runbook pages call it.
import type { Inventory, JobEvent } from "./agent-protocol";
import type { RunbookSetPlan } from "./runbook-placement";

export type PointInTimeReport = NonNullable<JobEvent["pointInTime"]>;

/** One set of a runbook and its consistency mode as the production host's inventory shows it. */
export interface RunbookSetMode {
  /** The set's name (its shadow's path on the production host, as iiadm names sets). */
  set: string;
  shadowRef: string;
  master: string;
  /** null: not enabled yet (the run's first step enables it, and its mode is decided then). */
  mode: "instant" | "scan" | null;
  mechanism: "xfs-reflink" | "btrfs-reflink" | null;
  /** Why the set is in scan mode, in words an operator acts on; null in instant mode. */
  reason: string | null;
}

export const UNREPORTED_MODE_REASON = "its host's agent reports no consistency mode, so it is read as scan";

export function runbookSetModes(
  sets: readonly Pick<RunbookSetPlan, "shadow" | "shadowRef" | "master">[],
  production: Inventory,
): RunbookSetMode[] {
  const onP = new Map(production.sets.map((s) => [s.shadow, s]));
  return sets.map((plan) => {
    const set = onP.get(plan.shadow);
    const base = { set: plan.shadow, shadowRef: plan.shadowRef, master: plan.master };
    if (!set) return { ...base, mode: null, mechanism: null, reason: null };
    const c = set.consistency;
    if (!c) return { ...base, mode: "scan", mechanism: null, reason: UNREPORTED_MODE_REASON };
    return {
      ...base,
      mode: c.mode,
      mechanism: c.mechanism,
      reason: c.mode === "scan" ? (c.reason ?? "scan mode") : null,
    };
  });
}

/** The warning a run records for a set in scan mode. */
export function scanModeWarning(set: string, reason: string, quiesced: boolean): string {
  return quiesced
    ? `set ${set} is in scan mode (${reason}): the application stays frozen for a full read of its master`
    : `set ${set} is in scan mode (${reason}): without a quiesce hook its copy is a point in time only if the application does not write during it`;
}

/** Adds warnings for sets not warned about yet (one warning per set, the first one kept). */
export function mergeSetWarnings(
  existing: readonly string[],
  added: readonly { set: string; warning: string }[],
): string[] {
  const out = [...existing];
  for (const { set, warning } of added) if (!out.some((w) => w.startsWith(`set ${set} `))) out.push(warning);
  return out;
}

/** Warnings for the sets the inventory shows in scan mode (before the update, and on the runbook page). */
export function scanModeWarnings(
  modes: readonly RunbookSetMode[],
  quiesced: boolean,
): { set: string; warning: string }[] {
  return modes
    .filter((m) => m.mode === "scan")
    .map((m) => ({ set: m.set, warning: scanModeWarning(m.set, m.reason ?? "scan mode", quiesced) }));
}

/** Whether a report names the set: by its shadow's path, or its "dg/vol" name. */
const names = (reported: string, m: Pick<RunbookSetMode, "set" | "shadowRef">) =>
  reported === m.set || reported === m.shadowRef;

export interface PointInTimeDecision {
  /** Every set's point in time is a clone: the application may write again now. */
  resumeNow: boolean;
  /** The sets the report shows in scan mode, with their warnings. */
  scanSets: { set: string; warning: string }[];
}

/**
 * What a copy job's point-in-time report means for the freeze. An empty report resumes nothing
 * (nothing says the point in time exists); a set the report shows in scan mode keeps the
 * application quiesced until the copy ends, with the inventory's reason when it has one.
 */
export function decideOnPointInTime(
  report: PointInTimeReport,
  modes: readonly RunbookSetMode[],
  quiesced: boolean,
): PointInTimeDecision {
  const scanSets = report.sets
    .filter((s) => s.mode === "scan")
    .map((s) => {
      const known = modes.find((m) => names(s.set, m));
      const reason = known?.mode === "scan" && known.reason ? known.reason : "this update could not clone its master";
      const set = known?.set ?? s.set;
      return { set, warning: scanModeWarning(set, reason, quiesced) };
    });
  return { resumeNow: report.sets.length > 0 && scanSets.length === 0, scanSets };
}

/** Whether every set of the report took its point in time by a clone. */
export function isInstantPointInTime(report: PointInTimeReport | null): report is PointInTimeReport {
  return report !== null && report.sets.length > 0 && report.sets.every((s) => s.mode === "instant");
}

/** "2 set(s) cloned in 3 ms at most" for the timeline. */
export function describePointInTime(report: PointInTimeReport): string {
  const instant = report.sets.filter((s) => s.mode === "instant");
  const slowest = Math.max(0, ...instant.map((s) => s.cloneMs ?? 0));
  const scans = report.sets.length - instant.length;
  return `${instant.length} set(s) cloned in ${slowest} ms at most${scans ? `, ${scans} set(s) in scan mode` : ""}`;
}
