// A call the console is expected to refuse (no credential, the wrong role, a bad input): its HTTP
// status and message, for a test to assert. The typed client throws a TRPCClientError instead of
// returning the status, so tests await the call through refusalOf.
import { isTRPCClientError } from "@trpc/client";
import type { AppRouter } from "../../server/trpc/root";

export interface Refusal {
  /** The HTTP status the console answered with (401, 403, 400 …). */
  status: number;
  /** tRPC's error code, e.g. "FORBIDDEN". */
  code: string;
  message: string;
}

/** The console's refusal of `call`; fails the test if the call succeeds or fails some other way. */
export async function refusalOf(call: Promise<unknown>): Promise<Refusal> {
  try {
    await call;
  } catch (error) {
    if (!isTRPCClientError<AppRouter>(error) || !error.data) throw error; // not an answer from the console
    // The real response's status (./trpc-client.ts returns a Response); data.httpStatus is what tRPC meant to send.
    const response = error.meta?.response as Response | undefined;
    return { status: response?.status ?? error.data.httpStatus, code: error.data.code, message: error.message };
  }
  throw new Error("the console was expected to refuse the call, but it succeeded");
}
