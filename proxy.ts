// Next 16 proxy (formerly middleware), on every page visit:
// 1. Content-Security-Policy with a fresh nonce (Next's documented CSP-with-nonce recipe): the
//    policy goes on the request too, where Next finds the nonce and puts it on its own inline
//    scripts. Every page is rendered per request (the root layout reads cookies), so each gets
//    its own nonce. API responses get a fixed, stricter policy from next.config.ts instead.
// 2. Page visits without a session cookie go to /sign-in. An optimistic check only (Next's
//    advice: no database here); server/auth/page-caller.ts does the real one, so an expired cookie
//    still ends on the sign-in page. API routes answer for themselves: /api/trpc says
//    UNAUTHORIZED, /api/agent/* checks agent credentials.
import { type NextRequest, NextResponse } from "next/server";
import { pageContentSecurityPolicy } from "@/lib/security-headers";
import { SESSION_COOKIE } from "@/lib/session-cookie-name";

const PUBLIC_PAGES = /^\/sign-in(?:\/|$)/;

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (!PUBLIC_PAGES.test(pathname) && !request.cookies.has(SESSION_COOKIE)) {
    const signIn = new URL("/sign-in", request.url);
    signIn.searchParams.set("next", pathname + search);
    return NextResponse.redirect(signIn);
  }

  const nonce = btoa(crypto.randomUUID());
  const csp = pageContentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development" });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = {
  // Everything except the API (its own headers, and the proxy must not buffer request bodies
  // there: see lib/request-limits.ts), Next's static assets and the static files at the root.
  matcher: ["/((?!api/|_next/static|_next/image|favicon\\.ico$|icon\\.svg$).*)"],
};
