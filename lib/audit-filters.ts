// The audit log's filters as they appear in the URL (/audit?action=job.create&result=refused):
// parsed leniently, so a hand-edited URL with an unknown result or a bad date drops that filter
// instead of failing the page. Shared by the page, the filter form and audit.list's input.
import { z } from "zod";

export const auditResults = ["ok", "refused", "failed"] as const;
export type AuditResult = (typeof auditResults)[number];

export const auditFiltersSchema = z.object({
  action: z.string().trim().min(1).max(100).optional(),
  /** A username, a host name, or "system". */
  actor: z.string().trim().min(1).max(100).optional(),
  result: z.enum(auditResults).optional(),
  /** Matches entries whose object contains this text ("job ", "user erin"). */
  object: z.string().trim().min(1).max(1024).optional(),
  /** ISO 8601; entries at or after. */
  since: z.iso.datetime().optional(),
  /** ISO 8601; entries before. */
  until: z.iso.datetime().optional(),
});
export type AuditFilters = z.infer<typeof auditFiltersSchema>;

const keys = ["action", "actor", "result", "object", "since", "until"] as const;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function parseAuditFilters(params: Record<string, string | string[] | undefined>): AuditFilters {
  const filters: AuditFilters = {};
  for (const key of keys) {
    const parsed = auditFiltersSchema.shape[key].safeParse(first(params[key]));
    if (parsed.success && parsed.data !== undefined) (filters as Record<string, string>)[key] = parsed.data;
  }
  return filters;
}

/** The query string for filters, "" when there is none. */
export function auditFiltersQuery(filters: AuditFilters): string {
  const params = new URLSearchParams();
  for (const key of keys) if (filters[key]) params.set(key, filters[key]);
  const text = params.toString();
  return text ? `?${text}` : "";
}

export function hasAuditFilters(filters: AuditFilters): boolean {
  return keys.some((key) => filters[key] !== undefined);
}

/** "2024-05-01T10:30" (a datetime-local field, read as UTC like the rest of the console) → ISO. */
export function localInputToIso(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return undefined;
  const date = new Date(`${value.length === 16 ? `${value}:00` : value}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The inverse of localInputToIso, for a field's value. */
export function isoToLocalInput(iso: string | undefined): string {
  return iso ? iso.slice(0, 16) : "";
}

/** Entries per "load older" page. */
export const AUDIT_PAGE_SIZE = 50;

export function auditListInput(filters: AuditFilters) {
  return { ...filters, limit: AUDIT_PAGE_SIZE };
}

/** The cursor of the page after `lastPage`: a full page may have more behind it, a short one is the end. */
export function nextAuditCursor(lastPage: readonly { id: string }[]): string | undefined {
  return lastPage.length === AUDIT_PAGE_SIZE ? lastPage.at(-1)?.id : undefined;
}
