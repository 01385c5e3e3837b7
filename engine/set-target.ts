// Naming the sets an operation applies to: set names (shadow paths), an I/O group, or all
// (docs/instant-image.md §1.1: one command on a group gives every member the same treatment).
import type { EngineConfig, SetRecord } from "./config-store";
import { EngineError } from "./engine-error";

export type SetTarget = { kind: "sets"; sets: string[] } | { kind: "group"; group: string } | { kind: "all" };

export function resolveTarget(config: EngineConfig, target: SetTarget): SetRecord[] {
  if (target.kind === "all") return [...config.sets];
  if (target.kind === "group") {
    const members = config.sets.filter((s) => s.group === target.group);
    if (!members.length) {
      throw new EngineError(
        "DSW_EGNOTFOUND",
        target.group ? `group ${target.group} has no sets` : "no sets outside a group",
      );
    }
    return members;
  }
  if (new Set(target.sets).size !== target.sets.length)
    throw new EngineError("DSW_EINVAL", "a set is named more than once");
  return target.sets.map((name) => {
    const set = config.sets.find((s) => s.shadow === name);
    if (!set) throw new EngineError("DSW_ENOTFOUND", `${name}: Volume is not in a Point-in-Time Copy group`);
    return set;
  });
}
