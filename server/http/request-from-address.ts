import "server-only";

/** The caller's address for the audit log: the first X-Forwarded-For hop, else X-Real-IP, else null. */
export function requestFromAddress(headers: Headers): string | null {
  return headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip") || null;
}
