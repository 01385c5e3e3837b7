// tRPC over HTTP. Before tRPC reads anything: the origin check for browsers (docs/security.md) and
// the body limit (lib/request-limits.ts); tRPC's fetch adapter has no size limit of its own, so it
// gets a copy of the body that has already been read within the limit.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { TRPC_ANONYMOUS_MAX_BYTES, TRPC_MAX_BYTES } from "@/lib/request-limits";
import { sessionTokenFrom } from "@/server/auth/session-cookie";
import { AppError } from "@/server/errors";
import { browserOriginRefusal } from "@/server/http/browser-origin-refusal";
import { readLimitedBody } from "@/server/http/read-limited-body";
import { requestClient } from "@/server/http/request-from-address";
import { trpcRefusal } from "@/server/http/trpc-refusal";
import { appRouter } from "@/server/trpc/root";
import { createTRPCContext } from "@/server/trpc/init";

async function handler(req: Request) {
  const refusal = browserOriginRefusal(req, requestClient(req.headers).host);
  if (refusal) return trpcRefusal(req, "FORBIDDEN", refusal);

  let limited = req;
  if (req.method === "POST") {
    // Without a credential only auth.signIn has input, so an anonymous caller gets the small limit.
    const credential = req.headers.has("authorization") || sessionTokenFrom(req.headers) !== null;
    try {
      const body = await readLimitedBody(req, credential ? TRPC_MAX_BYTES : TRPC_ANONYMOUS_MAX_BYTES, "tRPC calls");
      limited = new Request(req.url, { method: req.method, headers: req.headers, body, signal: req.signal });
    } catch (error) {
      if (error instanceof AppError && error.code === "PAYLOAD_TOO_LARGE")
        return trpcRefusal(req, error.code, error.message);
      throw error;
    }
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: limited,
    router: appRouter,
    createContext: ({ resHeaders }) => createTRPCContext({ headers: req.headers, resHeaders }),
  });
}

export { handler as GET, handler as POST };
