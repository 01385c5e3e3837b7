// The sets list's filters as they appear in the URL (/sets?host=prod&group=nightly&state=copying):
// parsed leniently, so a hand-edited URL with an unknown state shows every state, not an error.
import { hostNameSchema } from "./agent-protocol";
import { type SetState, setStateOf, setStates } from "./set-state";

export interface SetFilters {
  host?: string;
  group?: string;
  state?: SetState;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function isSetState(value: string): value is SetState {
  return (setStates as readonly string[]).includes(value);
}

export function parseSetFilters(params: Record<string, string | string[] | undefined>): SetFilters {
  const host = first(params.host);
  const group = first(params.group);
  const state = first(params.state);
  return {
    ...(host && hostNameSchema.safeParse(host).success ? { host } : {}),
    ...(group && group.length <= 63 && !/\s/.test(group) ? { group } : {}),
    ...(state && isSetState(state) ? { state } : {}),
  };
}

/** The query string for filters, "" when there is none. */
export function setFiltersQuery(filters: SetFilters): string {
  const params = new URLSearchParams();
  if (filters.host) params.set("host", filters.host);
  if (filters.group) params.set("group", filters.group);
  if (filters.state) params.set("state", filters.state);
  const text = params.toString();
  return text ? `?${text}` : "";
}

export function matchesSetFilters(
  set: { host: string; group: string | null; flags: number; suspended: string | null },
  filters: SetFilters,
): boolean {
  return (
    (filters.host === undefined || set.host === filters.host) &&
    (filters.group === undefined || set.group === filters.group) &&
    (filters.state === undefined || setStateOf(set) === filters.state)
  );
}
