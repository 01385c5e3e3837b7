// The console's tRPC API, typed by its router, for test setup and checks (docs/architecture.md §10
// rule 10: set up through the API, assert through the UI). Procedure names, inputs and results are
// checked by the compiler: `await apiClient(request).host.get.query({ name: "prod" })`.
//
// Requests go through Playwright's APIRequestContext rather than Node's fetch, so they share the
// context's cookie jar (a page's session, the storage state of the signed-in user), its baseURL
// and its trace. A call the console refuses throws a TRPCClientError (see ./trpc-refusal.ts).
import { type APIRequestContext } from "@playwright/test";
import { createTRPCClient, httpLink, type TRPCClient } from "@trpc/client";
import type { AppRouter } from "../../server/trpc/root";
import { adminToken } from "./admin-credentials";

export type ApiClient = TRPCClient<AppRouter>;

/**
 * Who calls: an API token (the bootstrap admin's unless given), or "session": no Authorization
 * header, only the cookies the request context holds (none for a fresh `request` fixture).
 */
export type ApiCredential = { token: string } | "session";

export function apiClient(request: APIRequestContext, credential: ApiCredential = { token: adminToken() }): ApiClient {
  const authorization = credential === "session" ? {} : { authorization: `Bearer ${credential.token}` };
  return createTRPCClient<AppRouter>({
    // httpLink, not httpBatchLink: one HTTP request per call, so a refusal's HTTP status is the call's own.
    links: [
      httpLink({
        url: "/api/trpc", // relative: Playwright resolves it against the context's baseURL
        headers: authorization,
        fetch: (url, init) => fetchThrough(request, String(url), init),
      }),
    ],
  });
}

/** tRPC's fetch, done by Playwright: the answer comes back as a standard Response. */
async function fetchThrough(request: APIRequestContext, url: string, init: RequestInit = {}): Promise<Response> {
  // tRPC only ever sends a JSON string body (no transformer, no FormData inputs in this app).
  if (init.body != null && typeof init.body !== "string") throw new Error(`${url}: a non-JSON tRPC body`);
  const res = await request.fetch(url, {
    method: init.method,
    headers: Object.fromEntries(new Headers(init.headers)),
    data: init.body ?? undefined,
  });
  return new Response(await res.text(), {
    status: res.status(),
    statusText: res.statusText(),
    headers: res.headersArray().map(({ name, value }): [string, string] => [name, value]),
  });
}
