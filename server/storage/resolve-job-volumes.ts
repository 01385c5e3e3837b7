import "server-only";
// Resolves every volume operand of a job's args against the host's inventory (lib/resolve-volume-ref)
// before the job is queued: a typo is refused naming the field, the operand and the host, and
// "dg/vol" and its path become one spelling, so they lock the same set.
import type { Inventory } from "@/lib/agent-protocol";
import { resolveVolumeRef } from "@/lib/resolve-volume-ref";
import { AppError } from "@/server/errors";

const VOLUME_FIELDS = ["master", "shadow", "bitmap"] as const;
const VOLUME_LIST_FIELDS = ["sets", "volumes"] as const;

export function resolveJobVolumes(
  hostName: string,
  inventory: Inventory | null,
  args: Record<string, unknown>,
): Record<string, unknown> {
  const resolve = (field: string, ref: string): string => {
    if (!inventory) {
      if (ref.startsWith("/")) return ref; // the agent confines it to its roots
      throw new AppError(
        "CONFLICT",
        `${field}: cannot resolve ${ref} on host ${hostName}: its agent has not reported an inventory yet`,
      );
    }
    const resolution = resolveVolumeRef(inventory, ref);
    if (!resolution.ok)
      throw new AppError("INVALID_INPUT", `${field}: ${ref} on host ${hostName}: ${resolution.reason}`);
    return resolution.path;
  };
  const out: Record<string, unknown> = { ...args };
  for (const field of VOLUME_FIELDS) {
    const value = out[field];
    if (typeof value === "string") out[field] = resolve(field, value);
  }
  for (const field of VOLUME_LIST_FIELDS) {
    const value = out[field];
    if (Array.isArray(value)) out[field] = value.map((v, i) => resolve(`${field}[${i}]`, String(v)));
  }
  const target = out.target as { kind?: string; sets?: unknown[] } | undefined;
  if (target?.kind === "sets" && Array.isArray(target.sets)) {
    out.target = { ...target, sets: target.sets.map((v, i) => resolve(`target.sets[${i}]`, String(v))) };
  }
  return out;
}
