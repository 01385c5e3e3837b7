// The browser-facing security headers of every console response (docs/security.md). Pure, so
// next.config.ts (every response), proxy.ts (pages, with a per-request nonce) and the tests share
// one definition.

/**
 * Headers that do not depend on the request. Sent on every response, pages, API and assets alike.
 * - X-Frame-Options DENY (with frame-ancestors 'none' in the CSP, for browsers that read only one):
 *   the console has buttons such as "Bring home without backup"; no other site may frame them
 *   under a decoy (clickjacking).
 * - nosniff: a JSON or text answer is never run as a script or shown as HTML.
 * - Referrer-Policy same-origin: console URLs name hosts, disk groups and jobs; they stay inside
 *   the console and are not sent to any other site a page links to.
 */
export const STATIC_SECURITY_HEADERS: readonly { key: string; value: string }[] = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
];

/** For responses that are never a page (the APIs): nothing may load, run or frame them. */
export const API_CONTENT_SECURITY_POLICY =
  "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The CSP of a page. Scripts run only from the console itself and inline ones only with this
 * request's nonce (Next puts it on its own inline scripts when it finds it in the request's CSP
 * header); 'strict-dynamic' lets those load Next's chunks.
 * style-src keeps 'unsafe-inline': progress bars and meters set their width with a style
 * attribute, which a nonce cannot cover, and a style cannot run code; script-src is what stops XSS.
 * No upgrade-insecure-requests: a console on plain http://127.0.0.1 must still load its assets.
 * `dev` adds 'unsafe-eval', which React needs for its development-only call stacks (next dev).
 */
export function pageContentSecurityPolicy(nonce: string, { dev = false }: { dev?: boolean } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
