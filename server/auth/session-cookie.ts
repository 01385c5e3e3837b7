import "server-only";
// The console's session cookie. httpOnly (page scripts never see it), SameSite=Lax (not sent on
// cross-site POSTs, so a foreign page cannot call tRPC mutations as the user), Path=/.
// Secure is added when the request reached us over HTTPS (X-Forwarded-Proto from a trusted TLS
// proxy, server/http/request-from-address.ts): on plain http://127.0.0.1 a Secure cookie would not
// be stored.
import { SESSION_COOKIE } from "@/lib/session-cookie-name";

export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  const maxAge = Math.max(0, Math.round((expiresAt.getTime() - Date.now()) / 1000));
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure ? "; Secure" : ""}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? "; Secure" : ""}`;
}

/** The session token from a Cookie header, or null. */
export function sessionTokenFrom(headers: Headers): string | null {
  for (const part of (headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim() || null;
  }
  return null;
}
