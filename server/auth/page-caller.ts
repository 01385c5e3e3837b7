import "server-only";
// The caller of a page render (server components). proxy.ts only checks that a session cookie is
// present; this is the real check, so an expired or revoked cookie also lands on the sign-in page.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { type Caller, resolveCaller } from "@/server/auth/resolve-caller";

/** Once per request, however many components ask. */
export const getPageCaller = cache(async (): Promise<Caller | null> => resolveCaller(await headers()));

/** The caller, or a redirect to /sign-in that comes back to `path` afterwards. */
export async function requirePageCaller(path: string): Promise<Caller> {
  const caller = await getPageCaller();
  if (!caller) redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  return caller;
}
