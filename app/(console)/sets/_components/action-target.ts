// What the set actions work on: one set or an I/O group, with the statuses they check before
// offering an action (the agent refuses anyway; these only keep a doomed button disabled and say why).
import { DSW_COPYING, DSW_COPYINGP, DSW_OFFLINE, DSW_SHDEXPORT, DSW_SHDIMPORT } from "@/lib/dsw-flags";
import type { SetTargetInput } from "@/lib/job-types";
import type { LiveSet } from "./use-live-sets";

export type TargetSet = Pick<
  LiveSet,
  "shadow" | "master" | "mode" | "flags" | "job" | "progress" | "sizeFbas" | "bitsSet" | "chunks" | "group" | "throttle"
>;

export interface ActionTarget {
  host: string;
  target: SetTargetInput;
  /** The word an operator types to confirm a copy to master: the set's shadow path, or the group's name. */
  name: string;
  /** "set /san/snap/s1" or "I/O group nightly (3 sets)". */
  what: string;
  sets: TargetSet[];
}

export function setTarget(host: string, set: TargetSet): ActionTarget {
  return {
    host,
    target: { kind: "sets", sets: [set.shadow] },
    name: set.shadow,
    what: `set ${set.shadow}`,
    sets: [set],
  };
}

export function groupTarget(host: string, group: string, sets: TargetSet[]): ActionTarget {
  return {
    host,
    target: { kind: "group", group },
    name: group,
    what: `I/O group ${group} (${sets.length} ${sets.length === 1 ? "set" : "sets"})`,
    sets,
  };
}

export function targetFacts(t: ActionTarget) {
  const any = (test: (s: TargetSet) => boolean) => t.sets.some(test);
  return {
    isBusy: any((s) => s.job !== null || (s.flags & DSW_COPYINGP) !== 0 || s.progress !== null),
    hasCopyPending: any((s) => (s.flags & DSW_COPYING) !== 0),
    isExportedOrImported: any((s) => (s.flags & (DSW_SHDEXPORT | DSW_SHDIMPORT)) !== 0),
    isImported: any((s) => (s.flags & DSW_SHDIMPORT) !== 0),
    isExported: any((s) => (s.flags & DSW_SHDEXPORT) !== 0),
    isOffline: any((s) => (s.flags & DSW_OFFLINE) !== 0),
    hasDependent: any((s) => s.mode === "dep"),
    totalBytes: t.sets.reduce((sum, s) => sum + s.sizeFbas * 512, 0),
  };
}
