// Next 16 proxy (formerly middleware): sends page visits without a session cookie to /sign-in.
// An optimistic check only (Next's advice: no database here); server/auth/page-caller.ts does the
// real one, so an expired cookie still ends on the sign-in page. API routes answer for themselves:
// /api/trpc says UNAUTHORIZED, /api/agent/* checks agent credentials.
import { type NextRequest, NextResponse } from "next/server";
import { SESSION_COOKIE } from "@/lib/session-cookie-name";

export function proxy(request: NextRequest) {
  if (request.cookies.has(SESSION_COOKIE)) return NextResponse.next();
  const { pathname, search } = request.nextUrl;
  const signIn = new URL("/sign-in", request.url);
  signIn.searchParams.set("next", pathname + search);
  return NextResponse.redirect(signIn);
}

export const config = {
  // Everything except the API, Next's assets, the sign-in page and static files at the root.
  matcher: ["/((?!api/|_next/|sign-in(?:/|$)|favicon\\.ico$|icon\\.svg$).*)"],
};
