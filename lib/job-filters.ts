// The job list's filters as they appear in the URL (/jobs?host=prod&state=running): parsed
// leniently, so a hand-edited URL with an unknown state shows every state instead of an error.
import { hostNameSchema } from "./agent-protocol";
import { isJobState, type JobState } from "./job-states";

export interface JobFilters {
  host?: string;
  state?: JobState;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function parseJobFilters(params: Record<string, string | string[] | undefined>): JobFilters {
  const host = first(params.host);
  const state = first(params.state);
  return {
    ...(host && hostNameSchema.safeParse(host).success ? { host } : {}),
    ...(state && isJobState(state) ? { state } : {}),
  };
}

/** The query string for filters, "" when there is none ("?host=prod&state=running" otherwise). */
export function jobFiltersQuery(filters: JobFilters): string {
  const params = new URLSearchParams();
  if (filters.host) params.set("host", filters.host);
  if (filters.state) params.set("state", filters.state);
  const text = params.toString();
  return text ? `?${text}` : "";
}
