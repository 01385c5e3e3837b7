// The bitmap planner's selection as it appears in the URL, so a plan can be bookmarked and shared:
// /planner?from=prod&vol=prod:production/vol01&sizes=100G,2T&change=10. Parsed leniently: a
// hand-edited entry that is not host:dg/vol is dropped rather than failing the page.
import { hostNameSchema } from "./agent-protocol";

export interface PlannerParams {
  /** The host whose inventory the checkboxes show. */
  from?: string;
  /** Chosen volumes, "host:dg/vol". */
  volumes: string[];
  /** The typed sizes, as typed. */
  sizes: string;
  /** Percent of each master expected to change while a compact dependent shadow lives. */
  changePercent: number;
}

export const DEFAULT_CHANGE_PERCENT = 10;

const volumeKeyPattern = /^([^:]+):([A-Za-z0-9_-][A-Za-z0-9._-]*)\/([A-Za-z0-9_-][A-Za-z0-9._-]*)$/;

export interface VolumeKey {
  host: string;
  diskGroup: string;
  volume: string;
}

export function volumeKey({ host, diskGroup, volume }: VolumeKey): string {
  return `${host}:${diskGroup}/${volume}`;
}

export function parseVolumeKey(key: string): VolumeKey | null {
  const match = volumeKeyPattern.exec(key);
  if (!match || !hostNameSchema.safeParse(match[1]).success) return null;
  return { host: match[1]!, diskGroup: match[2]!, volume: match[3]! };
}

function all(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

export function parsePlannerParams(params: Record<string, string | string[] | undefined>): PlannerParams {
  const from = all(params.from)[0];
  const change = Number(all(params.change)[0]);
  return {
    ...(from && hostNameSchema.safeParse(from).success ? { from } : {}),
    volumes: [...new Set(all(params.vol).filter((v) => parseVolumeKey(v) !== null))],
    sizes: (all(params.sizes)[0] ?? "").slice(0, 2000),
    changePercent:
      Number.isFinite(change) && change >= 0 && change <= 100 && all(params.change).length > 0
        ? change
        : DEFAULT_CHANGE_PERCENT,
  };
}

/** The query string for a selection, "" when it is the empty default. */
export function plannerQuery(p: PlannerParams): string {
  const params = new URLSearchParams();
  if (p.from) params.set("from", p.from);
  for (const v of p.volumes) params.append("vol", v);
  if (p.sizes.trim()) params.set("sizes", p.sizes.trim());
  if (p.changePercent !== DEFAULT_CHANGE_PERCENT) params.set("change", String(p.changePercent));
  const text = params.toString();
  return text ? `?${text}` : "";
}
