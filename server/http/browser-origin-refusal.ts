import "server-only";
// Cross-site request forgery guard for state-changing requests (docs/security.md). SameSite=Lax
// keeps the session cookie off cross-site POSTs, but "site" is the registrable domain: another
// port or another host of the same domain is the same site and gets the cookie. So a POST that a
// browser sends must come from the console's own origin, checked from what the browser itself
// writes and page scripts cannot forge: Origin, else Sec-Fetch-Site.
//
// Not browsers, not checked: a request with an Authorization header (the CLI's API token, an
// agent's credential). A browser adds that header only when a script sets it, and a script on
// another origin cannot send it to us without a CORS preflight, which the console never grants.
// A request with neither Origin nor Sec-Fetch-Site is not from a current browser either (they
// send Origin on every POST), so curl with a copied cookie still works.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Null when the request may go ahead; otherwise why it is refused. `ownHost` is the host[:port]
 * the browser used to reach the console (the Host header, or X-Forwarded-Host from a trusted proxy).
 */
export function browserOriginRefusal(req: Request, ownHost: string | null): string | null {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return null;
  if (req.headers.has("authorization")) return null;
  const origin = req.headers.get("origin");
  if (origin !== null) {
    if (ownHost !== null && hostOf(origin) === ownHost.toLowerCase()) return null;
    return `Origin ${origin} is not this console's (${ownHost ?? "unknown host"}): a state-changing request from a browser must come from the console's own pages`;
  }
  const fetchSite = req.headers.get("sec-fetch-site");
  if (fetchSite === null || fetchSite === "same-origin") return null;
  return `Sec-Fetch-Site ${fetchSite}: a state-changing request from a browser must come from the console's own pages`;
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return null; // "null" (sandboxed frame, file:) or garbage: never our own origin
  }
}
