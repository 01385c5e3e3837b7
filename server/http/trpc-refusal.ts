import "server-only";
// A refusal of a whole /api/trpc request before tRPC sees it (origin check, body limit), in tRPC's
// own error shape so the web client and the CLI show the message as they would any tRPC error.
// A batch (?batch=1) gets one error per call, as the batch link expects.
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import { type AppErrorCode, appErrorCodes } from "@/server/errors";

export function trpcRefusal(
  req: Request,
  code: AppErrorCode & ("FORBIDDEN" | "PAYLOAD_TOO_LARGE"),
  message: string,
): Response {
  const url = new URL(req.url);
  const paths = safeDecode(url.pathname.replace(/^\/api\/trpc\/?/, "")).split(",");
  const { trpc, http } = appErrorCodes[code];
  const errorFor = (path: string) => ({
    error: {
      message,
      code: TRPC_ERROR_CODES_BY_KEY[trpc],
      data: { code: trpc, httpStatus: http, path, appCode: code, zodError: null },
    },
  });
  const body = url.searchParams.get("batch") === "1" ? paths.map(errorFor) : errorFor(paths[0] ?? "");
  return Response.json(body, { status: http });
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path; // a malformed escape: the refusal still goes out, with the path as sent
  }
}
