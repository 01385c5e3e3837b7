// The disk-group list's filter as it appears in the URL (/disk-groups?heldBy=prod, or
// ?heldBy=deported): parsed leniently, so a hand-edited URL shows every group instead of an error.
import { hostNameSchema } from "./agent-protocol";

/** A host name, "deported", or undefined for every group. */
export type HeldByFilter = string | undefined;

export const DEPORTED = "deported";

export function parseHeldByFilter(params: Record<string, string | string[] | undefined>): HeldByFilter {
  const raw = Array.isArray(params.heldBy) ? params.heldBy[0] : params.heldBy;
  if (!raw) return undefined;
  return raw === DEPORTED || hostNameSchema.safeParse(raw).success ? raw : undefined;
}

export function heldByQuery(filter: HeldByFilter): string {
  return filter ? `?heldBy=${encodeURIComponent(filter)}` : "";
}

export function matchesHeldBy(group: { owner: string | null }, filter: HeldByFilter): boolean {
  if (filter === undefined) return true;
  return filter === DEPORTED ? group.owner === null : group.owner === filter;
}
